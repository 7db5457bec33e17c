/* herald-core.h: everything libherald-core offers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-client-support.h"
#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-library.h"
#include "herald-library-settings.h"
#include "herald-lint.h"
#include "herald-lint-clients.h"
#include "herald-render.h"
#include "herald-scenario-ops.h"
#include "herald-scenario.h"
#include "herald-template-ops.h"
#include "herald-template.h"
#include "herald-tl.h"

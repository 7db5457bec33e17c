/* test-tl.c: conformance of the template engine with the Mailjet Templating Language.
 *
 * Every expected output below was written by hand from docs/mailjet-api.md §11 (the §11.4
 * behaviour table, §11.5 operators, §11.6 functions, §11.7 statements, §11.9 error messages
 * and the §11.10 worked example), not produced by the engine. Where the
 * reference is silent, the case documents Herald's chosen behaviour (marked "Herald:").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-tl.h"

typedef struct
{
  const char *name;
  const char *source;
  const char *variables; /* JSON object, NULL for {} */
  const char *expected;  /* NULL when an error is expected */
  const char *error;     /* expected start of the error message */
  guint line;            /* of the error, 0 to skip */
  guint column;
} Case;

/* Contact properties (data:), the same for every case. */
static const char *data_json =
    "{\"age\": 30, \"city\": \"Lyon\", \"profile\": {\"plan\": \"premium\"}, \"score\": 17}";

/* Predefined mj: values, as a preview would give them. */
static const char *predefined_json =
    "{\"contact\": {\"ID\": 1, \"email\": \"lea@example.com\", \"name\": \"Léa Martin\"},"
    " \"sender\": {\"email\": \"alerts@ledgerly.example\", \"name\": \"Ledgerly\"},"
    " \"template\": {\"name\": \"Overdraft risk\"},"
    " \"unsub_link\": \"https://example.com/unsub\"}";

static const char *worked_subject = "{{var:account_name}} — {% if var:balance < 0 %}découvert{% "
                                    "else %}risque de découvert{% endif %}";

static const char *worked_body =
    "Bonjour {{var:first_name:\"cher client\"}},\n"
    "{% if var:balance < 0 %}\n"
    "Votre solde est négatif : {{ Round(var:balance, 2) }} {{var:currency:\"EUR\"}}.\n"
    "{% elseif var:balance < var:threshold %}\n"
    "Votre solde ({{ Round(var:balance, 2) }} {{var:currency:\"EUR\"}}) passe sous "
    "{{var:threshold}}.\n"
    "{% else %}\n"
    "Aucune action requise.\n"
    "{% endif %}\n"
    "{% if var:has_large_expenses:false %}\n"
    "Dépenses importantes :\n"
    "{% for e in var:large_expenses %}- {{ e.label }} : {{ e.amount }} {{var:currency:\"EUR\"}}\n"
    "{% endfor %}{% endif %}\n"
    "Vous recevez cet email car ... {{mj:unsub_link_fr}}";

#define WORKED_VARS                                                                                \
  "{\"first_name\":\"Léa\",\"account_name\":\"Compte courant\",\"balance\":-42.5,"                \
  "\"currency\":\"EUR\",\"threshold\":100,\"has_large_expenses\":true,"                            \
  "\"large_expenses\":[{\"label\":\"Loyer\",\"amount\":850},{\"label\":\"Assurance\","             \
  "\"amount\":320}]}"

static const Case cases[] = {
  /* §11.4 behaviour table, row by row. */
  { "table/if-plain/true", "{% if var:test %}YES{% else %}NO{% endif %}", "{\"test\": true}",
    "YES" },
  { "table/if-plain/false", "{% if var:test %}YES{% else %}NO{% endif %}", "{\"test\": false}",
    "NO" },
  { "table/if-plain/absent", "{% if var:test %}YES{% else %}NO{% endif %}", NULL, NULL,
    "Unknown identifier: var:test", 1, 7 },
  { "table/if-default-true/true", "{% if var:test:true %}YES{% else %}NO{% endif %}",
    "{\"test\": true}", "YES" },
  { "table/if-default-true/false", "{% if var:test:true %}YES{% else %}NO{% endif %}",
    "{\"test\": false}", "NO" },
  { "table/if-default-true/absent", "{% if var:test:true %}YES{% else %}NO{% endif %}", NULL,
    "YES" },
  { "table/if-default-false/true", "{% if var:test:false %}YES{% else %}NO{% endif %}",
    "{\"test\": true}", "YES" },
  { "table/if-default-false/false", "{% if var:test:false %}YES{% else %}NO{% endif %}",
    "{\"test\": false}", "NO" },
  { "table/if-default-false/absent", "{% if var:test:false %}YES{% else %}NO{% endif %}", NULL,
    "NO" },
  { "table/print-default/true", "{{var:test:\"N/A\"}}", "{\"test\": true}", "true" },
  { "table/print-default/false", "{{var:test:\"N/A\"}}", "{\"test\": false}", "false" },
  { "table/print-default/absent", "{{var:test:\"N/A\"}}", NULL, "N/A" },
  { "table/print/true", "{{var:test}}", "{\"test\": true}", "true" },
  { "table/print/false", "{{var:test}}", "{\"test\": false}", "false" },
  { "table/print/absent", "{{var:test}}", NULL, NULL, "Unknown identifier: var:test", 1, 3 },

  /* Delimiters and whitespace (§11.2). */
  { "delimiters/plain-text", "Hello, world", NULL, "Hello, world" },
  { "delimiters/no-space", "{{var:name}}", "{\"name\": \"Léa\"}", "Léa" },
  { "delimiters/spaces", "{{   var:name   }}", "{\"name\": \"Léa\"}", "Léa" },
  { "delimiters/statement-no-space", "{%if var:x%}A{%endif%}", "{\"x\": 1}", "A" },
  { "delimiters/newlines-inside", "{{\n var:name\n}}", "{\"name\": \"Léa\"}", "Léa" },
  { "delimiters/single-braces", "a { b } c {x}", NULL, "a { b } c {x}" },
  { "delimiters/css-braces", "<style>p{color:red}</style>", NULL, "<style>p{color:red}</style>" },

  /* Namespaces and dotted access (§11.3). */
  { "namespace/var", "{{var:first_name}}", "{\"first_name\": \"Léa\"}", "Léa" },
  { "namespace/data", "{{data:city}}", NULL, "Lyon" },
  { "namespace/data-number", "{{data:age}}", NULL, "30" },
  { "namespace/mj-contact-email", "{{mj:contact.email}}", NULL, "lea@example.com" },
  { "namespace/mj-sender-name", "{{mj:sender.name}}", NULL, "Ledgerly" },
  { "namespace/mj-unsub-link", "{{mj:unsub_link}}", NULL, "https://example.com/unsub" },
  /* Herald: unsub_link_xx derives from the generic preview link. */
  { "namespace/mj-unsub-link-xx", "{{mj:unsub_link_de}}", NULL,
    "https://example.com/unsub?lang=de" },
  { "namespace/mj-unknown", "{{mj:nothing}}", NULL, NULL, "Unknown identifier: mj:nothing", 1, 3 },
  { "dotted/two-levels", "{{var:user.name}}", "{\"user\": {\"name\": \"Léa\"}}", "Léa" },
  { "dotted/three-levels", "{{var:user.address.city}}",
    "{\"user\": {\"address\": {\"city\": \"Nantes\"}}}", "Nantes" },
  { "dotted/data", "{{data:profile.plan}}", NULL, "premium" },
  { "dotted/missing-member", "{{var:user.nme}}", "{\"user\": {\"name\": \"Léa\"}}", NULL,
    "Unknown identifier: var:user.nme", 1, 3 },
  { "dotted/missing-member-default", "{{var:user.nickname:\"friend\"}}",
    "{\"user\": {\"name\": \"Léa\"}}", "friend" },
  { "dotted/index-dot", "{{var:list.1}}", "{\"list\": [\"a\", \"b\"]}", "b" },
  { "dotted/index-bracket", "{{var:list[0]}}", "{\"list\": [\"a\", \"b\"]}", "a" },
  { "dotted/index-then-member", "{{var:users.0.name}}", "{\"users\": [{\"name\": \"Tom\"}]}",
    "Tom" },
  { "dotted/index-out-of-range", "{{var:list.5}}", "{\"list\": [\"a\"]}", NULL,
    "Unknown identifier: var:list.5", 1, 3 },
  { "bare/unknown", "{{day}}", NULL, NULL, "Unknown identifier: day", 1, 3 },
  { "bare/unknown-dotted", "{{session.name}}", NULL, NULL, "Unknown identifier: session.name", 1,
    3 },

  /* Defaults of each type (§11.4). */
  { "default/string", "{{var:first_name:\"client\"}}", NULL, "client" },
  { "default/empty-string", "[{{var:personalmessage:\"\"}}]", NULL, "[]" },
  { "default/string-with-colon", "{{var:time:\"12:30\"}}", NULL, "12:30" },
  { "default/escaped-quote", "{{var:day:\"\\\"monday\\\"\"}}", NULL, "\"monday\"" },
  { "default/number", "{{var:count:0}}", NULL, "0" },
  { "default/negative-decimal", "{{var:count:-1.5}}", NULL, "-1.5" },
  { "default/true", "{{var:flag:true}}", NULL, "true" },
  { "default/false", "{{var:flag:false}}", NULL, "false" },
  { "default/present-wins", "{{var:count:5}}", "{\"count\": 3}", "3" },
  { "default/data", "{{data:country:\"France\"}}", NULL, "France" },
  { "default/data-present", "{{data:city:\"Paris\"}}", NULL, "Lyon" },
  { "default/null-is-absent", "{{var:x:\"none\"}}", "{\"x\": null}", "none" },
  { "default/missing-value", "{{var:url:}}", NULL, NULL, "Access violation", 1, 3 },

  /* Values print as Mailjet prints them. */
  { "print/true-literal", "{{ true }}", NULL, "true" },
  { "print/integer", "{{ 12 }}", NULL, "12" },
  { "print/whole-double", "{{ 12.0 }}", NULL, "12" },
  { "print/decimal", "{{ 2.50 }}", NULL, "2.5" },
  { "print/negative-decimal", "{{ var:balance }}", "{\"balance\": -42.5}", "-42.5" },
  { "print/large-id", "{{ var:id }}", "{\"id\": 1152921509597813712}", "1152921509597813712" },
  { "print/string-literal", "{{ \"plain\" }}", NULL, "plain" },
  /* §11.8: values are inserted raw, no HTML escaping. */
  { "print/raw-html", "<p>{{var:html}}</p>", "{\"html\": \"<b>Tom & Jerry</b>\"}",
    "<p><b>Tom & Jerry</b></p>" },

  /* Arithmetic (§11.5). */
  { "arith/add", "{{ 1 + 2 }}", NULL, "3" },
  { "arith/subtract", "{{ 5 - 7 }}", NULL, "-2" },
  { "arith/multiply", "{{ 3 * 4 }}", NULL, "12" },
  { "arith/divide-float", "{{ 7 / 2 }}", NULL, "3.5" },
  { "arith/divide-whole", "{{ 6 / 3 }}", NULL, "2" },
  { "arith/div", "{{ 7 div 2 }}", NULL, "3" },
  { "arith/mod", "{{ 7 mod 3 }}", NULL, "1" },
  { "arith/decimal-sum", "{{ 1.5 + 1.5 }}", NULL, "3" },
  { "arith/variables", "{{ var:a * var:b }}", "{\"a\": 6, \"b\": 7}", "42" },
  { "arith/negate", "{{ -3 + 5 }}", NULL, "2" },
  { "arith/negate-group", "{{ -(2 + 3) }}", NULL, "-5" },
  { "arith/divide-by-zero", "{{ 1 / 0 }}", NULL, NULL, "Division by zero", 1, 6 },
  { "arith/not-a-number", "{{ \"abc\" * 2 }}", NULL, NULL, "“abc” is not a number", 1, 4 },
  { "arith/numeric-string", "{{ var:n * 2 }}", "{\"n\": \"21\"}", "42" },
  /* Herald: + joins texts. */
  { "arith/concat", "{{ \"a\" + \"b\" }}", NULL, "ab" },
  { "arith/concat-number", "{{ \"Total: \" + 5 }}", NULL, "Total: 5" },
  /* Hyphens belong to names (§11.5), so `a - b` needs spaces. */
  { "arith/hyphen-name", "{% set a-b = 9 %}{{ a-b }}", NULL, "9" },

  /* Precedence and associativity. */
  { "precedence/mul-over-add", "{{ 1 + 2 * 3 }}", NULL, "7" },
  { "precedence/parentheses", "{{ (1 + 2) * 3 }}", NULL, "9" },
  { "precedence/sub-left-assoc", "{{ 10 - 4 - 3 }}", NULL, "3" },
  { "precedence/div-left-assoc", "{{ 100 / 10 / 5 }}", NULL, "2" },
  { "precedence/mul-mod-left", "{{ 2 * 3 mod 4 }}", NULL, "2" },
  { "precedence/intdiv-mul-left", "{{ 20 div 3 * 3 }}", NULL, "18" },
  { "precedence/mixed", "{{ 2 + 3 * 4 - 6 / 2 }}", NULL, "11" },
  { "precedence/arith-over-compare", "{{ 1 + 2 = 3 }}", NULL, "true" },
  { "precedence/compare-over-and", "{{ 1 < 2 and 3 < 4 }}", NULL, "true" },
  { "precedence/and-over-or", "{{ true or false and false }}", NULL, "true" },
  { "precedence/and-over-or-2", "{{ false and false or true }}", NULL, "true" },
  { "precedence/xor-over-or", "{{ true xor true or true }}", NULL, "true" },
  { "precedence/and-over-xor", "{{ true xor true and false }}", NULL, "true" },
  /* Herald: the word `not` binds looser than comparisons; `!` binds tightly. */
  { "precedence/not-word", "{{ not 1 = 2 }}", NULL, "true" },
  { "precedence/not-bang", "{{ !1 = 2 }}", NULL, "false" },
  { "precedence/not-and", "{{ not false and false }}", NULL, "false" },

  /* Comparisons. */
  { "compare/lt", "{{ 1 < 2 }}", NULL, "true" },
  { "compare/lt-false", "{{ 2 < 1 }}", NULL, "false" },
  { "compare/gt", "{{ 2 > 1 }}", NULL, "true" },
  { "compare/le", "{{ 2 <= 2 }}", NULL, "true" },
  { "compare/ge", "{{ 3 >= 4 }}", NULL, "false" },
  { "compare/eq-single", "{{ 1 = 1 }}", NULL, "true" },
  { "compare/eq-double", "{{ 1 == 2 }}", NULL, "false" },
  { "compare/eq-loose-string", "{{ 1 == \"1\" }}", NULL, "true" },
  { "compare/identical", "{{ 1 === 1 }}", NULL, "true" },
  { "compare/identical-types", "{{ 1 === \"1\" }}", NULL, "false" },
  { "compare/ne", "{{ 1 != 2 }}", NULL, "true" },
  { "compare/ne-angle", "{{ 1 <> 1 }}", NULL, "false" },
  { "compare/strings", "{{ \"abc\" = \"abc\" }}", NULL, "true" },
  { "compare/string-order", "{{ \"a\" < \"b\" }}", NULL, "true" },
  { "compare/negative-balance", "{% if var:balance < 0 %}neg{% endif %}", "{\"balance\": -0.01}",
    "neg" },
  { "compare/data-age",
    "{% if data:age >= 21 %}A{% elseif data:age >= 18 %}B{% else %}C{% endif %}", NULL, "A" },

  /* Logic. */
  { "logic/and", "{{ true and false }}", NULL, "false" },
  { "logic/or", "{{ true or false }}", NULL, "true" },
  { "logic/xor-same", "{{ true xor true }}", NULL, "false" },
  { "logic/xor-different", "{{ true xor false }}", NULL, "true" },
  { "logic/not", "{{ not true }}", NULL, "false" },
  { "logic/bang", "{{ !false }}", NULL, "true" },
  { "logic/not-call-form", "{% if not(var:x) %}empty{% endif %}", "{\"x\": \"\"}", "empty" },
  { "logic/zero-falsy", "{% if var:n %}Y{% else %}N{% endif %}", "{\"n\": 0}", "N" },
  { "logic/string-truthy", "{% if var:s %}Y{% else %}N{% endif %}", "{\"s\": \"x\"}", "Y" },

  /* Functions (§11.6). */
  { "func/upper", "{{ Upper(\"élan\") }}", NULL, "ÉLAN" },
  { "func/upper-variable", "{{ Upper(var:user.name) }}", "{\"user\": {\"name\": \"léa\"}}", "LÉA" },
  { "func/lower", "{{ Lower(\"ÉLAN Vital\") }}", NULL, "élan vital" },
  { "func/capitalize", "{{ Capitalize(\"léa martin\") }}", NULL, "Léa martin" },
  { "func/round-2", "{{ Round(3.14159, 2) }}", NULL, "3.14" },
  { "func/round-half-up", "{{ Round(2.5, 0) }}", NULL, "3" },
  { "func/round-keeps-short", "{{ Round(-42.5, 2) }}", NULL, "-42.5" },
  { "func/round-decimal-noise", "{{ Round(1.005, 2) }}", NULL, "1.01" },
  { "func/round-one-arg", "{{ Round(7.6) }}", NULL, "8" },
  { "func/round-tutorial",
    "{{ Round(var:order.total.amount * var:order.sales_taxes_percentage / 100, 2) }}",
    "{\"order\": {\"total\": {\"amount\": 19.99}, \"sales_taxes_percentage\": 20}}", "4" },
  { "func/int", "{{ Int(12.7) }}", NULL, "12" },
  { "func/int-negative", "{{ Int(-3.7) }}", NULL, "-3" },
  { "func/int-string", "{{ Int(\"42.9\") }}", NULL, "42" },
  { "func/urlencode", "{{ UrlEncode(\"a b&c=d/é\") }}", NULL, "a%20b%26c%3Dd%2F%C3%A9" },
  { "func/escape", "{{ Escape(\"<b>Tom & \\\"Jerry\\\"</b>\") }}", NULL,
    "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;" },
  { "func/has-opened-since-yes", "{{ HasOpenedSince(7) }}", NULL, "true" },
  { "func/has-opened-since-no", "{{ HasOpenedSince(2) }}", NULL, "false" },
  { "func/has-clicked-since-never", "{{ HasClickedSince(30) }}", NULL, "false" },
  { "func/not-has-opened", "{% if !HasOpenedSince(30) %}miss you{% else %}hi{% endif %}", NULL,
    "hi" },
  { "func/nested", "{{ Upper(Lower(\"AbC\")) }}", NULL, "ABC" },
  { "func/unknown", "{{ Foo(1) }}", NULL, NULL, "Unknown function “Foo”", 1, 4 },
  { "func/arity", "{{ Upper(\"a\", \"b\") }}", NULL, NULL, "Upper expects 1 value", 1, 4 },

  /* if / elseif / else (§11.7). */
  { "if/elseif", "{% if var:n > 10 %}big{% elseif var:n > 5 %}mid{% else %}small{% endif %}",
    "{\"n\": 7}", "mid" },
  { "if/else", "{% if var:n > 10 %}big{% elseif var:n > 5 %}mid{% else %}small{% endif %}",
    "{\"n\": 1}", "small" },
  { "if/no-else", "[{% if false %}x{% endif %}]", NULL, "[]" },
  { "if/nested", "{% if var:a %}A{% if var:b %}B{% else %}b{% endif %}{% endif %}",
    "{\"a\": true, \"b\": false}", "Ab" },
  { "if/false-branch-not-evaluated", "{% if false %}{{var:missing}}{% endif %}ok", NULL, "ok" },

  /* for loops (§11.7). */
  { "for/array", "{% for x in var:list %}[{{ x }}]{% endfor %}", "{\"list\": [\"a\", \"b\"]}",
    "[a][b]" },
  { "for/array-of-objects", "{% for item in var:items %}{{ item.name }};{% endfor %}",
    "{\"items\": [{\"name\": \"Tee\"}, {\"name\": \"Mug\"}]}", "Tee;Mug;" },
  { "for/dotted-item", "{% for item in var:items %}{{ item.price.amount }} {% endfor %}",
    "{\"items\": [{\"price\": {\"amount\": 9.5}}]}", "9.5 " },
  { "for/object-values", "{% for v in var:x %}{{ v }},{% endfor %}",
    "{\"x\": {\"a\": 1, \"b\": true, \"c\": \"Pilot\"}}", "1,true,Pilot," },
  { "for/nested",
    "{% for row in var:rows %}{{ row.title }}:{% for body in row.bodies %}{{ body }}{% endfor "
    "%};{% endfor %}",
    "{\"rows\": [{\"title\": \"A\", \"bodies\": [1, 2]}, {\"title\": \"B\", \"bodies\": [3]}]}",
    "A:12;B:3;" },
  { "for/empty-array", "[{% for x in var:list %}{{ x }}{% endfor %}]", "{\"list\": []}", "[]" },
  { "for/scalar", "{% for x in var:day %}{{ x }}{% endfor %}", "{\"day\": \"monday\"}", NULL,
    "\"var:day\" is not an array value", 1, 13 },
  { "for/missing", "{% for x in var:items %}{{ x }}{% endfor %}", NULL, NULL,
    "No value for \"var:items\"", 1, 13 },
  /* mjml #676: the source is evaluated even when the guarding if is false. */
  { "for/missing-inside-false-if",
    "{% if false %}{% for x in var:items %}{{ x }}{% endfor %}{% endif %}ok", NULL, NULL,
    "No value for \"var:items\"", 1, 27 },
  { "for/loop-var-scope", "{% for x in var:list %}{% endfor %}{{ x }}", "{\"list\": [1]}", NULL,
    "Unknown identifier: x", 1, 39 },
  { "for/nested-missing-member",
    "{% for row in var:rows %}{% for b in row.bodies %}{% endfor %}{% endfor %}",
    "{\"rows\": [{\"title\": \"A\"}]}", NULL, "No value for \"row.bodies\"", 1, 38 },

  /* set (§11.7). */
  { "set/string", "{% set greeting = \"Bonjour\" %}{{ greeting }}", NULL, "Bonjour" },
  { "set/number", "{% set n = 41 %}{{ n + 1 }}", NULL, "42" },
  { "set/boolean", "{% set flag = true %}{% if flag %}Y{% endif %}", NULL, "Y" },
  { "set/from-variable", "{% set name = var:first_name %}{{ name }}", "{\"first_name\": \"Léa\"}",
    "Léa" },
  { "set/from-data", "{% set c = data:city %}{{ c }}", NULL, "Lyon" },
  { "set/reassign", "{% set n = 1 %}{% set n = n + 1 %}{{ n }}", NULL, "2" },
  { "set/self", "{% set s = \"x\" %}{% set s = s %}{% set s = s + s %}{{ s }}", NULL, "xx" },
  { "set/counter-in-loop",
    "{% set n = 0 %}{% for x in var:list %}{% set n = n + 1 %}{% endfor %}{{ n }}",
    "{\"list\": [\"a\", \"b\", \"c\"]}", "3" },
  { "set/hyphen-name", "{% set yo-yo = \"up\" %}{{ yo-yo }}", NULL, "up" },

  /* Herald's source-only plural block (compiled to {% if %} per locale before sending). */
  { "plural/one",
    "{% plural var:n %}one payment{% plural_other %}{{var:n}} payments{% endplural %}",
    "{\"n\": 1}", "one payment" },
  { "plural/other",
    "{% plural var:n %}one payment{% plural_other %}{{var:n}} payments{% endplural %}",
    "{\"n\": 3}", "3 payments" },
  { "plural/zero", "{% plural var:n %}one{% plural_other %}{{var:n}} items{% endplural %}",
    "{\"n\": 0}", "0 items" },
  { "plural/endif-mismatch", "{% plural var:n %}one{% endif %}", "{\"n\": 0}", NULL,
    "{% endif %} found", 1, 25 },

  /* Syntax errors: line and column point at the cause. */
  { "syntax/unclosed-if", "Hi\n  {% if var:a %}\nYES", NULL, NULL, "not valid template", 2, 6 },
  { "syntax/unclosed-for", "{% for x in var:l %}", NULL, NULL, "not valid template", 1, 4 },
  { "syntax/unclosed-output", "Hello {{ var:x", NULL, NULL, "not valid template", 1, 7 },
  { "syntax/unclosed-string", "{{ \"abc }}", NULL, NULL, "not valid template", 1, 4 },
  { "syntax/endif-alone", "x{% endif %}", NULL, NULL, "{% endif %} without a matching {% if %}", 1,
    5 },
  { "syntax/else-if", "{% if var:a %}{% else if var:b %}{% endif %}", NULL, NULL,
    "Write “elseif” as one word", 1, 18 },
  { "syntax/else-after-else", "{% if true %}{% else %}{% else %}{% endif %}", NULL, NULL,
    "{% else %} after {% else %}", 1, 27 },
  { "syntax/mismatched-end", "{% if true %}\n{% endfor %}", NULL, NULL, "{% endfor %} found", 2,
    4 },
  { "syntax/unknown-statement", "{% loop x %}", NULL, NULL, "Unknown statement “loop”", 1, 4 },
  { "syntax/empty-output", "a {{ }} b", NULL, NULL, "Empty {{ }}", 1, 3 },
  { "syntax/single-quotes", "{{ 'x' }}", NULL, NULL, "Write texts in double quotes", 1, 4 },
  { "syntax/unknown-namespace", "{{ foo:bar }}", NULL, NULL, "Unknown namespace “foo:”", 1, 4 },
  { "syntax/missing-paren", "{{ (1 + 2 }}", NULL, NULL, "Expected “)”", 1, 11 },
  { "syntax/trailing-operator", "{{ 1 + }}", NULL, NULL, "Expected a value", 1, 8 },
  { "syntax/column-counts-characters", "été {{ }}", NULL, NULL, "Empty {{ }}", 1, 5 },

  /* §11.10 worked example (French alert). */
  { "worked/subject", NULL, WORKED_VARS, "Compte courant — découvert" },
  { "worked/body-overdrawn", NULL, WORKED_VARS,
    "Bonjour Léa,\n"
    "\n"
    "Votre solde est négatif : -42.5 EUR.\n"
    "\n"
    "\n"
    "Dépenses importantes :\n"
    "- Loyer : 850 EUR\n"
    "- Assurance : 320 EUR\n"
    "\n"
    "Vous recevez cet email car ... https://example.com/unsub?lang=fr" },
  { "worked/body-near-threshold", NULL,
    "{\"account_name\":\"Compte courant\",\"balance\":50,\"threshold\":100,\"large_expenses\":[]}",
    "Bonjour cher client,\n"
    "\n"
    "Votre solde (50 EUR) passe sous 100.\n"
    "\n"
    "\n"
    "Vous recevez cet email car ... https://example.com/unsub?lang=fr" },
  { "worked/body-without-expense-list", NULL,
    "{\"account_name\":\"Compte courant\",\"balance\":500,\"threshold\":100}", NULL,
    "No value for \"var:large_expenses\"", 11, 13 },
};

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, json != NULL ? json : "{}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
case_source (const Case *c)
{
  if (c->source != NULL)
    return c->source;
  if (g_str_equal (c->name, "worked/subject"))
    return worked_subject;
  return worked_body;
}

static void
test_case (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr (JsonObject) variables = parse_object (c->variables);
  g_autoptr (JsonObject) data = parse_object (data_json);
  g_autoptr (JsonObject) predefined = parse_object (predefined_json);
  g_autoptr (HeraldTlTemplate) tmpl = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  HeraldTlLocation location = { 0 };
  HeraldTlContext ctx;
  gboolean ok;

  herald_tl_context_init (&ctx);
  ctx.variables = variables;
  ctx.data = data;
  ctx.predefined = predefined;
  ctx.opened_days_ago = 3;
  ctx.clicked_days_ago = -1;

  tmpl = herald_tl_template_parse (case_source (c), -1, &location, &error);
  if (tmpl != NULL)
    ok = herald_tl_template_render (tmpl, &ctx, out, &location, &error);
  else
    ok = FALSE;

  if (c->expected != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (out->str, ==, c->expected);
      return;
    }

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HERALD_TL_ERROR);
  if (!g_str_has_prefix (error->message, c->error))
    g_error ("expected an error starting with “%s”, got “%s”", c->error, error->message);
  if (c->line != 0)
    {
      g_assert_cmpuint (location.line, ==, c->line);
      g_assert_cmpuint (location.column, ==, c->column);
    }
}

/* Tree walking, spans, caching and the error codes. */

static void
test_spans (void)
{
  const char *source = "Hi {{var:name}}!\n{% if var:a %}yes{% endif %}";
  g_autoptr (HeraldTlTemplate) tmpl = herald_tl_template_parse (source, -1, NULL, NULL);
  const HeraldTlSpan *spans;
  guint n;

  g_assert_nonnull (tmpl);
  spans = herald_tl_template_get_spans (tmpl, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (spans[0].kind, ==, HERALD_TL_SPAN_TEXT);
  g_assert_cmpuint (spans[0].start, ==, 0);
  g_assert_cmpuint (spans[0].end, ==, 3);
  g_assert_cmpint (spans[1].kind, ==, HERALD_TL_SPAN_OUTPUT);
  g_assert_cmpuint (spans[1].start, ==, 3);
  g_assert_cmpuint (spans[1].end, ==, 15);
  g_assert_cmpint (spans[2].kind, ==, HERALD_TL_SPAN_TEXT); /* "!\n" */
  g_assert_cmpint (spans[3].kind, ==, HERALD_TL_SPAN_STATEMENT);
  g_assert_cmpuint (spans[3].start, ==, 17);
  g_assert_cmpuint (spans[3].end, ==, 31);
  g_assert_cmpuint (spans[3].location.line, ==, 2);
  g_assert_cmpuint (spans[3].location.column, ==, 1);
  g_assert_cmpint (spans[4].kind, ==, HERALD_TL_SPAN_TEXT);
  g_assert_cmpint (spans[5].kind, ==, HERALD_TL_SPAN_STATEMENT);
  g_assert_cmpuint (spans[5].start, ==, 34);
  g_assert_cmpuint (spans[5].end, ==, strlen (source));
}

static void
collect_variable (const HeraldTlExpr *expr, const HeraldTlNode *node, gpointer user_data)
{
  GPtrArray *names = user_data;

  if (expr->kind == HERALD_TL_EXPR_VARIABLE)
    g_ptr_array_add (names, g_strdup_printf ("%s@%u:%u%s", expr->variable.text, expr->location.line,
                                             expr->location.column,
                                             node->kind == HERALD_TL_NODE_FOR ? "(loop)" : ""));
}

static void
test_walk (void)
{
  const char *source = "{{ Upper(var:a.b) }}\n"
                       "{% for x in var:list %}{{ x.y }}{% endfor %}"
                       "{% if data:c:1 > 0 %}{% set z = mj:contact.email %}{% endif %}";
  g_autoptr (HeraldTlTemplate) tmpl = herald_tl_template_parse (source, -1, NULL, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (tmpl);
  herald_tl_template_foreach_expr (tmpl, collect_variable, names);
  g_assert_cmpuint (names->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "var:a.b@1:10");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "var:list@2:13(loop)");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "x.y@2:27");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "data:c@2:51");
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "mj:contact.email@2:77");
}

static void
test_cache (void)
{
  g_autofree char *source =
      g_strdup_printf ("cached {{ var:x:%d }}", g_test_rand_int_range (0, 1000000));
  g_autofree char *copy = g_strdup (source);
  g_autoptr (HeraldTlTemplate) a = herald_tl_template_parse_cached (source, NULL, NULL);
  g_autoptr (HeraldTlTemplate) b = herald_tl_template_parse_cached (copy, NULL, NULL);
  g_autoptr (HeraldTlTemplate) c = herald_tl_template_parse_cached ("other {{ 1 }}", NULL, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (a);
  g_assert_true (a == b);
  g_assert_true (a != c);
  g_assert_null (herald_tl_template_parse_cached ("{% if %}", NULL, &error));
  g_assert_error (error, HERALD_TL_ERROR, HERALD_TL_ERROR_SYNTAX);
}

static void
test_render_many (void)
{
  g_autoptr (HeraldTlTemplate) tmpl = herald_tl_template_parse ("{{var:n}}|", -1, NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"n\": %d}", i);
      g_autoptr (JsonObject) vars = parse_object (json);
      HeraldTlContext ctx;

      herald_tl_context_init (&ctx);
      ctx.variables = vars;
      g_assert_true (herald_tl_template_render (tmpl, &ctx, out, NULL, NULL));
    }
  g_assert_cmpstr (out->str, ==, "0|1|2|");
}

/* The rendering holds no NUL, whatever the values hold: a string is cut at its first NUL
 * (Herald:), in a loop too, through a function and a set, and an object or array is written
 * as JSON, where json-glib writes no NUL either. Its length is then the C string's, which the
 * size checks count. */
static void
test_render_no_nul (void)
{
  g_autoptr (HeraldTlTemplate) strings = herald_tl_template_parse (
      "{{var:s}}|{{ Upper(var:s) }}|{% for x in var:list %}{{ x }}{% endfor %}|"
      "{% set t = var:s %}{{ t }}",
      -1, NULL, NULL);
  g_autoptr (HeraldTlTemplate) containers =
      herald_tl_template_parse ("{{var:list}}|{{var:obj}}", -1, NULL, NULL);
  g_autoptr (JsonObject) vars = parse_object ("{\"s\": \"a\\u0000b\", \"list\": [\"p\\u0000q\"], "
                                              "\"obj\": {\"k\": \"x\\u0000y\"}}");
  g_autoptr (GString) out = g_string_new (NULL);
  HeraldTlContext ctx;

  g_assert_nonnull (strings);
  g_assert_nonnull (containers);
  herald_tl_context_init (&ctx);
  ctx.variables = vars;
  g_assert_true (herald_tl_template_render (strings, &ctx, out, NULL, NULL));
  g_assert_cmpuint (out->len, ==, strlen (out->str));
  g_assert_cmpstr (out->str, ==, "a|A|p|a");

  g_string_truncate (out, 0);
  g_assert_true (herald_tl_template_render (containers, &ctx, out, NULL, NULL));
  g_assert_cmpuint (out->len, ==, strlen (out->str));
  g_assert_true (g_str_has_prefix (out->str, "[\"p"));
}

static void
test_error_codes (void)
{
  g_autoptr (HeraldTlTemplate) loop =
      herald_tl_template_parse ("{% for x in var:l %}{% endfor %}", -1, NULL, NULL);
  g_autoptr (HeraldTlTemplate) missing = herald_tl_template_parse ("{{ var:l }}", -1, NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (herald_tl_template_check_loops (loop, NULL, NULL, &error));
  g_assert_error (error, HERALD_TL_ERROR, HERALD_TL_ERROR_LOOP_SOURCE);
  g_clear_error (&error);
  g_assert_false (herald_tl_template_render (missing, NULL, out, NULL, &error));
  g_assert_error (error, HERALD_TL_ERROR, HERALD_TL_ERROR_EVALUATION);
  g_clear_error (&error);
  g_assert_null (herald_tl_template_parse ("{{", -1, NULL, &error));
  g_assert_error (error, HERALD_TL_ERROR, HERALD_TL_ERROR_SYNTAX);
}

static void
test_deep_nesting (void)
{
  GString *source = g_string_new ("{{ ");
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (source, '(');
  g_string_append (source, "1 }}");
  g_assert_null (herald_tl_template_parse (source->str, source->len, NULL, &error));
  g_assert_error (error, HERALD_TL_ERROR, HERALD_TL_ERROR_SYNTAX);
  g_assert_true (strstr (error->message, "nested too deeply") != NULL);
  g_string_free (source, TRUE);
}

/* A tree that fills many of the parser's blocks of memory: thousands of references with
 * paths, escaped string defaults, calls and loops, each rendered and walked as written. */
static void
test_large_tree (void)
{
  g_autoptr (GString) source = g_string_new (NULL);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (JsonObject) vars =
      parse_object ("{\"user\": {\"name\": \"L\u00e9a\"}, \"items\": [1, 2]}");
  g_autoptr (HeraldTlTemplate) tmpl = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HeraldTlContext ctx;
  guint n_spans = 0;

  for (guint i = 0; i < 3000; i++)
    {
      g_string_append_printf (source,
                              "%u:{{var:user.name}}{{var:missing_%u:\"a\\\"b\\\\c\"}}"
                              "{{ Upper(\"x\") }}{%% for n in var:items %%}{{n}}{%% endfor %%}\n",
                              i, i);
      g_string_append_printf (expected, "%u:L\u00e9aa\"b\\cX12\n", i);
    }
  tmpl = herald_tl_template_parse (source->str, source->len, NULL, NULL);
  g_assert_nonnull (tmpl);

  herald_tl_context_init (&ctx);
  ctx.variables = vars;
  g_assert_true (herald_tl_template_render (tmpl, &ctx, out, NULL, NULL));
  g_assert_cmpstr (out->str, ==, expected->str);

  /* Per line six tags and the text before them, then the last line's end. */
  herald_tl_template_get_spans (tmpl, &n_spans);
  g_assert_cmpuint (n_spans, ==, 3000 * 7 + 1);
  herald_tl_template_foreach_expr (tmpl, collect_variable, names);
  g_assert_cmpuint (names->len, ==, 3000 * 4);
  g_assert_cmpstr (g_ptr_array_index (names, 4 * 2999), ==, "var:user.name@3000:8");
  g_assert_cmpstr (g_ptr_array_index (names, 4 * 2999 + 1), ==, "var:missing_2999@3000:25");
  g_assert_cmpstr (g_ptr_array_index (names, 4 * 2999 + 2), ==, "var:items@3000:81(loop)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/herald/engine/conformance/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/herald/engine/spans", test_spans);
  g_test_add_func ("/herald/engine/walk", test_walk);
  g_test_add_func ("/herald/engine/cache", test_cache);
  g_test_add_func ("/herald/engine/render-many", test_render_many);
  g_test_add_func ("/herald/engine/render-no-nul", test_render_no_nul);
  g_test_add_func ("/herald/engine/error-codes", test_error_codes);
  g_test_add_func ("/herald/engine/deep-nesting", test_deep_nesting);
  g_test_add_func ("/herald/engine/large-tree", test_large_tree);

  return g_test_run ();
}

// elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] variable pattern prog...:
// substitutes the paths matching pattern (glob(3)) for variable, one word
// each; no match leaves the pattern itself, or with -0 no word.
#include <glob.h>

#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace elglob_parts {

constexpr OptionSpec options[] = {
    {'v', "", "", "warn when the pattern cannot be read"},
    {'w', "", "", "an unreadable directory is an error (111)"},
    {'s', "", "", "sort the matches"},
    {'m', "", "", "mark directories with a final /"},
    {'e', "", "", "a backslash is not an escape"},
    {'0', "", "", "no match gives no word"},
};

Directive directive(Cursor& c, const Builtin& b) {
  bool verbose = false, strict = false, sorted = false, mark = false, noescape = false, null_glob = false;
  for (const auto& o : parse_options(c, b)) {
    verbose |= o.key == 'v';
    strict |= o.key == 'w';
    sorted |= o.key == 's';
    mark |= o.key == 'm';
    noescape |= o.key == 'e';
    null_glob |= o.key == '0';
  }
  const Word key = take_key(c, b, "VARIABLE");
  const std::string pattern = take_arg(c, b, "PATTERN").text;
  return {[=](Context& ctx) {
            const int flags = (sorted ? 0 : GLOB_NOSORT) | (mark ? GLOB_MARK : 0) | (noescape ? GLOB_NOESCAPE : 0) |
                              (strict ? GLOB_ERR : 0);
            std::vector<std::string> values;
            const int r = ctx.system->glob(pattern, flags, values);
            if (r != 0 && r != GLOB_NOMATCH) {
              if (strict) ctx.fail(exit_code::system_call, "unable to glob " + pattern);
              if (verbose) ctx.warn("unable to glob " + pattern);
            }
            if (values.empty() && !null_glob) values.push_back(pattern);
            return std::vector<Binding>{{key.text, values}};
          },
          unknown_binding(key.text, true)};
}

Invocation parse(Cursor& c, const Builtin& b) { return substituting(directive(c, b)); }

}  // namespace elglob_parts

extern const Builtin elglob_builtin{
    .name = "elglob",
    .summary = "substitute the matches of a glob pattern",
    .options = elglob_parts::options,
    .operands = "variable pattern prog...",
    .parse = elglob_parts::parse,
    .directive = elglob_parts::directive,
};

}  // namespace chainscript

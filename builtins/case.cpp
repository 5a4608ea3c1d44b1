// case [ -S | -s ] [ -E | -e ] [ -i ] [ -n | -N ] value { regex { prog... } ... } progdefault...
// The first directive whose regex matches the whole value becomes the rest of the chain.
#include <fnmatch.h>
#include <regex.h>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

Action parse_case(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'S', ""}, {'s', ""}, {'E', ""}, {'e', ""},
                                         {'i', ""}, {'n', ""}, {'N', ""}};
  bool shell = false, extended = true, icase = false, expose = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'S' || o.key == 's') shell = o.key == 's';
    if (o.key == 'E' || o.key == 'e') extended = o.key == 'E';
    if (o.key == 'i') icase = true;
    if (o.key == 'n' || o.key == 'N') expose = o.key == 'N';
  }
  const std::string value = take_arg(c, b, "VALUE").text;
  BlockRef directives = take_word_block(c, b, "DIRECTIVES");
  // Directives are "pattern { prog... }" pairs: validate their shape now.
  const auto& body = directives.block->body;
  for (size_t i = 0; i < body.size(); i += 2) {
    if (!body[i].word()) usage_error(body[i].block()->open, b, "a block where a pattern was expected");
    if (i + 1 >= body.size() || !body[i + 1].block()) usage_error(body[i].word()->at, b, "a pattern without its block");
    if (c.validating()) c.chains_taken().push_back({body[i + 1].block(), directives.substitutions});
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    for (size_t i = 0; i + 1 < body.size(); i += 2) {
      const auto patterns = directives.substitutions.apply(*body[i].word());
      if (patterns.empty()) continue;
      const std::string pattern = patterns.front().text();
      std::vector<std::string> groups;
      bool matched = false;
      if (shell) {  // the options mean fnmatch flags here (execline's case manual)
        const int flags = (extended ? 0 : FNM_NOESCAPE) | (icase ? FNM_PERIOD : 0) | (expose ? FNM_PATHNAME : 0);
        matched = fnmatch(pattern.c_str(), value.c_str(), flags) == 0;
      } else {
        // Anchored as execline does it, textually: ^regex$ (so in "a|b" each
        // side is anchored at one end only).
        regex_t re;
        if (regcomp(&re, ("^" + pattern + "$").c_str(), (extended ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0)) != 0)
          ctx.fail(exit_code::usage, "bad regular expression " + pattern);
        std::vector<regmatch_t> m(re.re_nsub + 1);
        if (regexec(&re, value.c_str(), m.size(), m.data(), 0) == 0) {
          matched = true;
          for (size_t k = 1; k < m.size(); ++k)
            groups.push_back(m[k].rm_so < 0 ? "" : value.substr(static_cast<size_t>(m[k].rm_so),
                                                                  static_cast<size_t>(m[k].rm_eo - m[k].rm_so)));
        }
        regfree(&re);
      }
      if (!matched) continue;
      if (expose && !shell) {
        ctx.setenv("0", pattern);
        ctx.setenv("#", std::to_string(groups.size()));
        for (size_t k = 0; k < groups.size(); ++k) ctx.setenv(std::to_string(k + 1), groups[k]);
      }
      return run_block({body[i + 1].block(), directives.substitutions}, ctx);
    }
    return {};
  };
}

}  // namespace chainscript

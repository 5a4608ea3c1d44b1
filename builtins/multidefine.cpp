// multidefine [ -0 ] [ -r ] [ -C | -c ] [ -N | -n ] [ -d delim ] value
// { variables... } prog...: splits value at the delimiters and substitutes
// each word for the variable in its place (an empty name skips a word).
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace multidefine_parts {

constexpr OptionSpec multidefine_options[] = {
    {'0', "", "", "a variable with no word left gets no word, not an empty one"},
    {'r', "", "", "the last variable gets all the words left"},
};
constexpr auto options = option_table(multidefine_options, transform_options);

// The keys' bindings, given the words (nullopt: known only when it runs).
std::vector<Binding> bind_words(const std::vector<Word>& keys, const std::optional<std::vector<std::string>>& words,
                                bool zero, bool rest) {
  std::vector<Binding> out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].text.empty()) continue;
    const bool last = i + 1 == keys.size();
    if (!words) {
      out.push_back(unknown_binding(keys[i].text, zero || (rest && last)));
      continue;
    }
    Binding bd{keys[i].text, {}};
    if (rest && last && i < words->size())
      bd.values.assign(words->begin() + static_cast<std::ptrdiff_t>(i), words->end());
    else if (i < words->size())
      bd.values = {(*words)[i]};
    else if (!zero)
      bd.values = {""};
    out.push_back(std::move(bd));
  }
  return out;
}

// execline refuses a variable named twice (111, "bad substitution key").
std::string named_twice(const std::vector<Word>& keys) {
  for (size_t i = 0; i < keys.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!keys[i].text.empty() && keys[i].text == keys[j].text) return keys[i].text;
  return {};
}

std::string bad_key(const std::string& key) { return "bad substitution key: " + key + " is named twice"; }

Directive directive(Cursor& c, const Builtin& b) {
  Transform t;
  bool zero = false, rest = false;
  for (const auto& o : parse_options(c, b)) {
    if (transform_option(o, t)) continue;
    if (o.key == '0') zero = true;
    if (o.key == 'r') rest = true;
  }
  t.split = true;  // always
  const Word value = take_arg(c, b, "VALUE");
  const BlockRef names = take_word_block(c, b, "VARIABLES");
  const std::vector<Word> keys = names.words();
  for (const auto& n : names.block->body)
    if (n.block()) usage_error(n.block()->open, b, "a block inside the block of variables");
  if (keys.empty()) usage_error(names.block->open, b, "empty block of variables");
  bool keys_known = true;
  for (const auto& k : keys) keys_known &= k.known;
  if (keys_known)
    if (const std::string twice = named_twice(keys); !twice.empty())
      throw Failure(exit_code::system_call, names.block->open, std::string(b.name), bad_key(twice));
  std::vector<Binding> predicted;
  if (keys_known) {
    const Binding all = predicted_binding("", value, t, c, b);
    predicted = bind_words(keys, all.unknown == Binding::Unknown::no ? std::optional(all.values) : std::nullopt, zero, rest);
  }
  return {[=](Context& ctx) {
            const std::vector<Word> now = names.words();
            if (now.empty()) ctx.fail(exit_code::usage, "empty block of variables");
            if (const std::string twice = named_twice(now); !twice.empty()) ctx.fail(exit_code::system_call, bad_key(twice));
            return bind_words(now, transformed(value.text, t, ctx), zero, rest);
          },
          std::move(predicted)};
}

Invocation parse(Cursor& c, const Builtin& b) {
  Directive d = directive(c, b);
  // Keys known only when it runs: what follows cannot be followed before.
  if (c.validating() && d.predicted.empty()) throw Uncertain{};
  return substituting(std::move(d));
}

}  // namespace multidefine_parts

extern const Builtin multidefine_builtin{
    .name = "multidefine",
    .summary = "split a value into several variables",
    .options = multidefine_parts::options,
    .operands = "value { variables... } prog...",
    .parse = multidefine_parts::parse,
    .directive = multidefine_parts::directive,
};

}  // namespace chainscript

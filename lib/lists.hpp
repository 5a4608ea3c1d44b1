// Separated lists (comma lists of groups, of exit codes, of names; colon
// lists of names and paths), split and joined in one place.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace chainscript {

// The fields between separators: "a,,b" is {"a", "", "b"}, "" is {""}.
std::vector<std::string_view> split_list(std::string_view text, char separator);
// The same fields one at a time, with no vector: for the lines of a file
// read at every start (nsswitch.conf, /etc/passwd).
//   for (std::string_view line : Fields(text, '\n')) ...
class Fields {
 public:
  Fields(std::string_view text, char separator) : text_(text), separator_(separator) {}
  class iterator {
   public:
    iterator(std::string_view rest, char separator, bool done)
        : rest_(rest), separator_(separator), at_(rest.find(separator)), done_(done) {}
    std::string_view operator*() const { return rest_.substr(0, at_); }
    iterator& operator++() {
      if (at_ == std::string_view::npos) {
        done_ = true;
      } else {
        rest_.remove_prefix(at_ + 1);
        at_ = rest_.find(separator_);
      }
      return *this;
    }
    bool operator==(const iterator& o) const { return done_ == o.done_ && (done_ || rest_.data() == o.rest_.data()); }

   private:
    std::string_view rest_;
    char separator_;
    size_t at_;
    bool done_;
  };
  iterator begin() const { return {text_, separator_, false}; }
  iterator end() const { return {{}, separator_, true}; }

 private:
  std::string_view text_;
  char separator_;
};
// The words between runs of blanks (spaces and tabs): "  a\tb " is {"a", "b"}.
std::vector<std::string_view> split_blanks(std::string_view text);

template <typename Range, typename Show>
std::string join_list(const Range& items, char separator, Show show) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += show(item);
    first = false;
  }
  return out;
}

inline std::string join_list(const std::vector<std::string>& items, char separator) {
  return join_list(items, separator, [](const std::string& s) -> const std::string& { return s; });
}

}  // namespace chainscript

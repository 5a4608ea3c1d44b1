// What every System shares.
#include "interp/system.hpp"

namespace chainscript {

std::optional<std::string> System::read_all(int fd) {
  std::string out;
  for (;;) {
    auto some = read_some(fd);
    if (!some) return std::nullopt;
    if (some->empty()) return out;
    out += *some;
  }
}

}  // namespace chainscript

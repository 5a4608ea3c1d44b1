#include "step_prompt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "interp/failure.hpp"
#include "lib/messages.hpp"

namespace chainscript {

std::function<bool(const Location&, std::string_view)> step_prompt(std::string text) {
  auto ask = std::make_shared<bool>(true);
  return [text = std::move(text), ask](const Location& at, std::string_view builtin) {
    if (!*ask) return true;
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) return true;
    const std::string prompt = to_string(at) + ": " + std::string(builtin) + "\n  " +
                               std::string(source_line(text, at.line)) + "\n[r]un, [s]kip, [c]ontinue without asking, [q]uit? ";
    char answer = 'r';
    for (;;) {
      (void)!::write(tty, prompt.data(), prompt.size());
      char buf[64];
      const ssize_t n = ::read(tty, buf, sizeof buf);
      answer = n > 0 ? buf[0] : 'q';
      if (answer == '\n') answer = 'r';
      if (std::strchr("rscq", answer)) break;
    }
    ::close(tty);
    if (answer == 'q') throw Failure(1, at, std::string(builtin), "stopped at the user's request");
    if (answer == 'c') *ask = false;
    return answer != 's';
  };
}

}  // namespace chainscript

#include "unique_fd.hpp"

#include <cerrno>

#include "interp/system.hpp"

namespace chainscript {

UniqueFd::~UniqueFd() {
  if (fd_ < 0) return;
  const int saved = errno;  // closing on a failure's path keeps its errno
  system_->close(fd_);
  errno = saved;
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    this->~UniqueFd();
    system_ = o.system_;
    fd_ = o.release();
  }
  return *this;
}

int UniqueFd::place(int target) {
  if (system_->place(fd_, target) < 0) return -1;
  fd_ = -1;
  return 0;
}

}  // namespace chainscript

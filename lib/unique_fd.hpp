// An fd a step opened and owns until it is placed where it belongs: closed
// (through the System, so plans and traces show it) on every other path,
// failures included.
#pragma once

namespace chainscript {

class System;

class UniqueFd {
 public:
  UniqueFd(System& system, int fd) : system_(&system), fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : system_(o.system_), fd_(o.fd_) { o.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& o) noexcept;  // closes the fd it had
  UniqueFd(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Moves the fd to target (System::place); it is target's from then on.
  // -1 (errno) when that fails: it is still ours, and closed with us.
  int place(int target);
  // No longer ours to close.
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  System* system_;
  int fd_;
};

}  // namespace chainscript

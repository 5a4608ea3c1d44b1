// A list that keeps its first N items in itself: most of the lists a check
// makes for each builtin (its options, a cursor's pending words) hold one or
// two, and a std::vector was an allocation for each that held any. Past N,
// all the items move to a vector, so they are always one span.
#pragma once
#include <array>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace chainscript {

template <typename T, std::size_t N>
class InlineVector {
 public:
  void push_back(T item) {
    if (more_.empty() && size_ < N) {
      inline_[size_++] = std::move(item);
      return;
    }
    if (more_.empty())
      for (std::size_t i = 0; i < size_; ++i) more_.push_back(std::move(inline_[i]));
    more_.push_back(std::move(item));
    ++size_;
  }
  void clear() {
    more_.clear();  // (its room is kept)
    size_ = 0;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  operator std::span<const T>() const { return {data(), size_}; }

 private:
  T* data() { return more_.empty() ? inline_.data() : more_.data(); }
  const T* data() const { return more_.empty() ? inline_.data() : more_.data(); }
  std::array<T, N> inline_{};
  std::vector<T> more_;  // all of them, once there are more than N
  std::size_t size_ = 0;
};

}  // namespace chainscript

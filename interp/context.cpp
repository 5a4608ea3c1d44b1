#include "context.hpp"

#include <cerrno>
#include <new>

#include "lib/messages.hpp"

namespace chainscript {

namespace {
// No environment can hold a NUL byte: the execline dialect cuts the string
// there, as execline's C strings do; the others refuse it (111).
// What is named only if the check fails: the message is made then.
void no_nul(const Context& ctx, std::string_view what, std::string_view key, std::string& s) {
  const auto nul = s.find('\0');
  if (nul == std::string::npos) return;
  if (!ctx.rules->execline())
    ctx.fail(exit_code::system_call, "a NUL byte in the " + std::string(what) + std::string(key));
  s.resize(nul);
}
}  // namespace

void Context::setenv(const std::string& name, std::string value) {
  std::string key = name;
  no_nul(*this, "name of variable ", key, key);
  no_nul(*this, "value of ", key, value);
  system->report({"setenv", {{key, value}}, {}, {}});
  env.set(key, std::move(value));
}

void Context::unsetenv(const std::string& key) {
  system->report({"unsetenv", {{"name", key}}, {}, {}});
  env.unset(key);
}

void Context::clearenv() {
  system->report({"clearenv", {}, {}, {}});
  env.clear();
}

void Context::fail(int code, const std::string& message) const { throw Failure(code, at, builtin, message); }

void Context::fail_errno(int code, std::string_view what) const { fail(code, with_errno(what, errno)); }

void Context::say(std::string_view message) { system->write_all(2, format_message(at, builtin, message) + "\n"); }

void Context::warn(std::string_view message) { system->write_all(2, format_warning(at, builtin, message) + "\n"); }

int run_guarded(Context& ctx, const std::function<int(Context&)>& body,
                const std::function<void(const Failure&)>& on_failure) {
  try {
    return body(ctx);
  } catch (const Failure& f) {
    on_failure(f);
    return exit_status(f, *ctx.rules);
  } catch (const std::bad_alloc&) {
    const Failure f(exit_code::system_call, ctx.at, ctx.builtin, "out of memory");
    on_failure(f);
    return exit_status(f, *ctx.rules);
  } catch (const std::exception& e) {
    const Failure f(exit_code::system_call, ctx.at, ctx.builtin, std::string("unexpected error: ") + e.what());
    on_failure(f);
    return exit_status(f, *ctx.rules);
  }
}

}  // namespace chainscript

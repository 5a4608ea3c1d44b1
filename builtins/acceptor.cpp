#include "builtins/acceptor.hpp"

#include <sys/un.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "interp/interpreter.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

bool acceptor_option(const Option& o, AcceptorSettings& s, bool local, const Builtin& b) {
  switch (o.key) {
    case '\x14': {
      const auto n = parse_number(o.word(), b, "--max-per-client", 1000000);
      if (o.known && n == 0) usage_error(o.at, b, "--max-per-client must be at least 1");
      s.max_per_client = static_cast<unsigned>(n);
      return true;
    }
    case '\x15': s.rules.push_back(parse_access_rule(o, true, local, b)); return true;
    case '\x16': s.rules.push_back(parse_access_rule(o, false, local, b)); return true;
    case '\x17': s.notification_fd = parse_fd(o.word(), b); return true;
    case '\x18': s.notify_systemd = true; return true;
    case '\x19': s.stop_timeout_ms = static_cast<long>(parse_number(o.word(), b, "--stop-timeout", 86400000)); return true;
  }
  return false;
}

namespace {

std::string status_shown(int status) {
  return WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                             : "exit " + std::to_string(WEXITSTATUS(status));
}

// sd_notify(3)'s protocol: one datagram to the Unix socket $NOTIFY_SOCKET
// names ('@': in the abstract namespace).
void notify_systemd(Context& ctx) {
  const auto where = ctx.env.get("NOTIFY_SOCKET");
  if (!where || where->empty()) {
    ctx.warn("--notify-systemd: NOTIFY_SOCKET is not set; no readiness sent");
    return;
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (where->size() >= sizeof addr.sun_path) ctx.fail(exit_code::system_call, "NOTIFY_SOCKET is too long for a socket address");
  std::memcpy(addr.sun_path, where->data(), where->size());
  if ((*where)[0] == '@') addr.sun_path[0] = '\0';
  const socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + where->size());
  UniqueFd fd(*ctx.system, ctx.system->socket(AF_UNIX, SOCK_DGRAM, 0));
  if (fd.get() < 0 || ctx.system->connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), len) < 0 ||
      ctx.system->write_all(fd.get(), "READY=1\n") < 0)
    ctx.fail_errno(exit_code::system_call, "unable to notify " + std::string(*where));
}

class Acceptor {
 public:
  Acceptor(Context& ctx, Cursor& rest, const AcceptorSettings& s, const DescribeConnection& d)
      : ctx_(ctx), sys_(*ctx.system), rest_(rest), s_(s), describe_(d) {}

  int run() {
    sigset_t watched;
    sigemptyset(&watched);
    sigaddset(&watched, SIGCHLD);
    if (s_.exit_on_term || s_.stop_timeout_ms) sigaddset(&watched, SIGTERM);
    if (s_.s6_signals)
      for (int sig : {SIGHUP, SIGQUIT, SIGABRT}) sigaddset(&watched, sig);
    // Non-blocking: a client gone between poll and accept must not stall the loop.
    for (int fd : s_.listeners)
      if (sys_.set_nonblocking(fd, true) < 0)
        ctx_.fail_errno(exit_code::system_call, "no listening socket at fd " + std::to_string(fd));
    if (sys_.block_signals(watched, &mask_) < 0) ctx_.fail_errno(exit_code::system_call, "unable to block signals");
    signals_ = sys_.signal_fd(watched);
    if (signals_ < 0) ctx_.fail_errno(exit_code::system_call, "unable to make a signalfd");
    direct_ = program_only();
    announce_readiness();
    for (;;) {
      const long long now = sys_.now_ms();
      const bool backing_off = now < backoff_until_;
      const bool watch_listeners = accepting_ && !backing_off && children_.size() < s_.max_connections;
      std::vector<int> fds{signals_};
      if (watch_listeners) fds.insert(fds.end(), s_.listeners.begin(), s_.listeners.end());
      long long wait = -1;
      if (accepting_ && backing_off) wait = backoff_until_ - now;
      if (stop_deadline_) wait = std::max(0LL, *stop_deadline_ - now);
      std::vector<bool> readable;
      if (sys_.poll_readable(fds, readable, static_cast<int>(wait)) < 0) {
        if (errno == EINTR) continue;
        ctx_.fail_errno(exit_code::system_call, "unable to poll");
      }
      if (readable[0])
        if (const auto status = take_signals()) return *status;
      if (stop_deadline_ && sys_.now_ms() >= *stop_deadline_) {
        if (s_.verbosity >= 1)
          ctx_.warn("--stop-timeout: " + std::to_string(children_.size()) + " connections left; sending them TERM");
        signal_children(SIGTERM, true);
        return 0;
      }
      if (!accepting_ && children_.empty()) return 0;
      // (TERM may have closed the listeners since the poll.)
      // Each ready listener is drained (to EAGAIN or the limit): one poll
      // for a burst of clients, not one each.
      for (size_t i = 1; watch_listeners && i < fds.size(); ++i)
        while (readable[i] && accepting_ && children_.size() < s_.max_connections && accept_one(fds[i])) {
        }
    }
  }

 private:
  Context& ctx_;
  System& sys_;
  Cursor& rest_;
  const AcceptorSettings& s_;
  const DescribeConnection& describe_;
  sigset_t mask_{};  // as it was: each connection's child gets it back
  int signals_ = -1;
  bool accepting_ = true;
  long long backoff_until_ = 0;
  std::optional<long long> stop_deadline_;
  struct Child {
    std::string key, shown;
  };
  std::map<pid_t, Child> children_;
  // The chain after the accepting builtin when it is only a program: each
  // connection's program is then launched (posix_spawn) instead of forking a
  // copy of this process that would take the same steps (serve) and exec it.
  struct Program {
    std::vector<std::string> argv;
    Location at;
  };
  std::optional<Program> direct_;
  std::map<std::string, unsigned> per_client_;

  std::optional<Program> program_only() const {
    if (!sys_.launches_programs() || ctx_.step) return std::nullopt;  // --step asks at each step of the child
    Cursor c = rest_;
    const Word* w = c.peek();
    if (!w || find_builtin(w->text)) return std::nullopt;
    Program p{{}, w->at};
    try {
      p.argv = c.rest_argv();
    } catch (...) {  // the forked child's exec reports it, per connection
      return std::nullopt;
    }
    return p;
  }

  std::string occupancy() const {
    return std::to_string(children_.size()) + "/" + std::to_string(s_.max_connections);
  }

  void announce_readiness() {
    if (s_.notification_fd) {
      if (sys_.write_all(*s_.notification_fd, s_.notification_text) < 0)
        ctx_.fail_errno(exit_code::system_call, "unable to write to notification fd " + std::to_string(*s_.notification_fd));
      sys_.close(*s_.notification_fd);
    }
    if (s_.notify_systemd) notify_systemd(ctx_);
  }

  // The signals pending; a status when the loop is to end now.
  std::optional<int> take_signals() {
    for (;;) {
      const int sig = sys_.take_signal(signals_);
      if (sig < 0) ctx_.fail_errno(exit_code::system_call, "unable to read the signalfd");
      if (sig == 0) return std::nullopt;
      switch (sig) {
        case SIGCHLD: reap(); break;
        case SIGTERM:
          if (!s_.stop_timeout_ms) return 0;
          if (accepting_) {  // no more connections; those open may finish
            accepting_ = false;
            for (int fd : s_.listeners) sys_.close(fd);
            stop_deadline_ = sys_.now_ms() + *s_.stop_timeout_ms;
            if (s_.verbosity >= 2) ctx_.say("TERM: accepting no more; waiting for " + occupancy());
          }
          if (children_.empty()) return 0;
          break;
        case SIGHUP: signal_children(SIGTERM, true); break;  // the connections end, the server goes on
        case SIGQUIT: signal_children(SIGTERM, true); return 0;
        case SIGABRT: signal_children(SIGKILL, false); return 0;
      }
    }
  }

  void reap() {
    int status = 0;
    pid_t pid;
    while ((pid = sys_.wait(-1, &status, WNOHANG)) > 0) {
      const auto it = children_.find(pid);
      if (it == children_.end()) continue;  // not a connection's (a child the chain had before)
      const auto count = per_client_.find(it->second.key);
      if (count != per_client_.end() && --count->second == 0) per_client_.erase(count);
      const std::string shown = it->second.shown;
      children_.erase(it);
      if (s_.verbosity >= 2) ctx_.say("end pid " + std::to_string(pid) + " " + shown + " " + status_shown(status) + " " + occupancy());
    }
  }

  void signal_children(int sig, bool and_continue) {
    for (const auto& [pid, child] : children_) {
      sys_.kill(pid, sig);
      if (and_continue) sys_.kill(pid, SIGCONT);  // a stopped child must run to see it
    }
  }

  void back_off(const std::string& why) {
    if (s_.verbosity >= 1) ctx_.warn(why + "; accepting again in a second");
    backoff_until_ = sys_.now_ms() + 1000;
  }

  // Takes one connection: true when one was taken (served or refused),
  // false when there was none to take now.
  bool accept_one(int listener) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int conn = sys_.accept(listener, reinterpret_cast<sockaddr*>(&peer), &len);
    if (conn < 0) {
      switch (errno) {
        case EAGAIN: case EINTR: return false;  // none left, or a signal came first
        case EMFILE: case ENFILE: case ENOBUFS: case ENOMEM:
          back_off(with_errno("unable to accept", errno));
          return false;
        case EBADF: case ENOTSOCK: case EINVAL: case EOPNOTSUPP: case EFAULT:
          ctx_.fail_errno(exit_code::system_call, "unable to accept on fd " + std::to_string(listener));
        default:  // the client went away, or a network error that is the client's (accept(2)): the next one
          if (s_.verbosity >= 1) ctx_.warn(with_errno("unable to accept", errno));
          return true;
      }
    }
    UniqueFd held(sys_, conn);
    const std::optional<Connection> c = describe_(ctx_, conn, peer, len);
    if (!c) return true;
    if (!admitted(s_.rules, c->client)) {
      if (s_.verbosity >= 1) {
        const AccessRule* rule = deciding_rule(s_.rules, c->client);
        ctx_.say("deny " + c->shown + (rule ? ": --deny " + rule->text : ": no --allow rule matches"));
      }
      return true;
    }
    const unsigned before = per_client_.count(c->key) ? per_client_[c->key] : 0;
    if (s_.max_per_client && before >= *s_.max_per_client) {
      if (s_.verbosity >= 1)
        ctx_.say("deny " + c->shown + ": " + std::to_string(before) + " connections already, the most per client");
      return true;
    }
    Spawned child;
    if (direct_) {
      try {
        child = launch(conn, *c, before);
      } catch (const Failure& f) {  // the connection's set-up failed: as its child would have, say so
        print_failure(f);
        return true;
      }
    } else {
      child = sys_.spawn(ctx_, [&](Context& cc) { return serve(cc, conn, *c, before); }, false);
    }
    if (child.pid < 0 && child.exec_errno) {
      const int e = child.exec_errno;
      print_failure(Failure(e == ENOENT ? exit_code::not_found : exit_code::cannot_exec, direct_->at, "",
                            with_errno("unable to exec " + direct_->argv.at(0), e)));
      return true;
    }
    if (child.pid < 0) {
      back_off(with_errno("unable to fork", errno));
      return false;
    }
    ++per_client_[c->key];
    children_[child.pid] = {c->key, c->shown};
    if (s_.verbosity >= 2) ctx_.say("start pid " + std::to_string(child.pid) + " " + c->shown + " " + occupancy());
    return true;
  }

  // What a connection's child is to see: the listeners' variables gone, the
  // connection's set, and NOTIFY_SOCKET (the server's, not the connection's) gone.
  template <class Set, class Unset>
  void connection_variables(const Connection& c, unsigned before, Set set, Unset unset) const {
    for (const auto& name : s_.unset_in_child) unset(name);
    for (const auto& [name, value] : c.env) {
      if (value) set(name, *value);
      else unset(name);
    }
    if (!s_.connection_number_variable.empty())
      set(s_.connection_number_variable, s_.count_clients ? std::to_string(before) : "");
    if (s_.notify_systemd) unset("NOTIFY_SOCKET");
  }

  // serve's steps, done here and by posix_spawn: the same child, without a
  // copy of this process on the way.
  Spawned launch(int conn, const Connection& c, unsigned before) {
    if (s_.prepare) s_.prepare(ctx_, conn, c);
    Env env = ctx_.env;
    connection_variables(c, before, [&](const std::string& n, std::string v) { env.set(n, std::move(v)); },
                         [&](const std::string& n) { env.unset(n); });
    ProgramLaunch l{mask_, {}, {{conn, 0}, {conn, 1}}, direct_->argv, env.envp(), direct_->argv.at(0)};
    for (int fd : s_.listeners)
      if (fd != conn && fd > 1) l.closed.push_back(fd);
    return sys_.launch(l);
  }

  // In the connection's child: the connection on fds 0 and 1, nothing of the
  // server's left open, the variables set, then the rest of the chain.
  int serve(Context& child, int conn, const Connection& c, unsigned before) {
    System& sys = *child.system;
    if (sys.set_signal_mask(mask_) < 0) child.fail_errno(exit_code::system_call, "unable to restore the signal mask");
    sys.close(signals_);
    if (s_.prepare) s_.prepare(child, conn, c);
    for (int fd : s_.listeners)
      if (fd != conn && fd > 1) sys.close(fd);
    if (sys.place(conn, 0) < 0 || sys.copy(0, 1) < 0)
      child.fail_errno(exit_code::system_call, "unable to put the connection on fds 0 and 1");
    connection_variables(c, before, [&](const std::string& n, std::string v) { child.setenv(n, std::move(v)); },
                         [&](const std::string& n) {
                           if (child.env.get(n)) child.unsetenv(n);
                         });
    Cursor mine = rest_;
    return run_chain(mine, child);
  }
};

}  // namespace

int accept_connections(Context& ctx, Cursor& rest, const AcceptorSettings& settings, const DescribeConnection& describe) {
  return Acceptor(ctx, rest, settings, describe).run();
}

}  // namespace chainscript

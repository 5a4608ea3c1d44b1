// What every accepting builtin shares (issue 10): the loop that accepts
// connections on a listening socket and forks a child for each, which puts
// the connection on fds 0 and 1, closes the listening socket, sets the UCSPI
// variables and goes on with the rest of the chain in-process; and the
// options beyond the anchors that every one of them takes.
//
// The loop never execs. It waits (poll) for a connection or a signal (a
// signalfd), never both busy: at the connection limit it stops watching the
// listening socket until a child ends, and when the fd table is full
// (EMFILE, ENFILE) it stops for a second. A dry run plans one connection.
#pragma once
#include <sys/socket.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "builtins/access_rules.hpp"
#include "builtins/builtin.hpp"

namespace chainscript {

// What a connection's child is told, and what the rules and limits see.
struct Connection {
  Client client;
  std::string key;    // the per-client limit counts by this: the address, the uid
  std::string shown;  // the client in log lines
  sa_family_t local_family = AF_UNSPEC;  // of the connection's local address, when read
  std::vector<std::pair<std::string, std::optional<std::string>>> env;  // nullopt: unset
};

struct AcceptorSettings {
  std::vector<int> listeners{3};
  unsigned max_connections = 40;
  std::optional<unsigned> max_per_client;  // s6's -C 0 refuses every client
  std::vector<AccessRule> rules;
  // Readiness: text written to notification_fd once accepting, which is then
  // closed (s6's -1 writes the port, or a newline, on stdout).
  std::optional<int> notification_fd;
  std::string notification_text = "\n";
  bool notify_systemd = false;          // READY=1 to $NOTIFY_SOCKET once accepting
  std::optional<long> stop_timeout_ms;  // TERM: stop accepting, wait this long for the children
  bool exit_on_term = false;  // s6: TERM ends the loop (0); nosh leaves TERM's default action
  bool s6_signals = false;    // HUP, QUIT and ABRT as s6-tcpserverd and s6-ipcserverd take them
  int verbosity = 1;          // 0: fatal errors only; 1: refusals and problems; 2: each connection too
  // The number of connections from the same client being served before this
  // one, in this variable (s6's TCPCONNNUM, IPCCONNNUM); set empty without
  // count_clients (s6-ipcserverd -P).
  std::string connection_number_variable;
  bool count_clients = true;
  std::vector<std::string> unset_in_child;  // the listeners' own: LISTEN_FDS...
  // Socket options and the like, on the connection before it is placed.
  std::function<void(Context&, int fd, const Connection&)> prepare;
};

// Reads who is at the other end of the connection at fd; nullopt (after
// saying why) when that cannot be read: the connection is closed.
using DescribeConnection =
    std::function<std::optional<Connection>(Context&, int fd, const sockaddr_storage& peer, socklen_t len)>;

// The options beyond the anchors, taken by every accepting builtin (keys 20
// to 25); s6's forms have -C for the first. local: uid/gid rules, not addresses.
inline constexpr OptionSpec acceptor_per_client_option[] = {
    {'\x14', "max-per-client", "n", "at most n connections at once from one client (an address, a uid)"},
};
inline constexpr OptionSpec acceptor_options[] = {
    {'\x15', "allow", "rule", "serve clients matching rule (address/prefix; uid:N or gid:N on a Unix socket)", 0,
     in_all, true},
    {'\x16', "deny", "rule", "close at once, and log, connections from clients matching rule", 0, in_all, true},
    {'\x17', "notification-fd", "fd", "write a newline to fd once accepting, then close it"},
    {'\x18', "notify-systemd", "", "send READY=1 to $NOTIFY_SOCKET once accepting"},
    {'\x19', "stop-timeout", "ms", "on TERM, stop accepting and wait up to ms for the connections to end"},
};
// true if o was one of them.
bool acceptor_option(const Option& o, AcceptorSettings& s, bool local, const Builtin& b);

// Runs the loop on settings.listeners; returns the exit status when it stops.
int accept_connections(Context& ctx, Cursor& rest, const AcceptorSettings& settings,
                       const DescribeConnection& describe);

}  // namespace chainscript

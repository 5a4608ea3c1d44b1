// The one table of builtins, sorted by name.
#include <algorithm>

#include "builtin.hpp"

namespace chainscript {

Action parse_background(Cursor&, const Builtin&);
Action parse_backtick(Cursor&, const Builtin&);
Action parse_cd(Cursor&, const Builtin&);
Action parse_clearenv(Cursor&, const Builtin&);
Action parse_define(Cursor&, const Builtin&);
Action parse_emptyenv(Cursor&, const Builtin&);
Action parse_exec(Cursor&, const Builtin&);
Action parse_exit(Cursor&, const Builtin&);
Action parse_export(Cursor&, const Builtin&);
Action parse_false(Cursor&, const Builtin&);
Action parse_fdclose(Cursor&, const Builtin&);
Action parse_fdmove(Cursor&, const Builtin&);
Action parse_fdreserve(Cursor&, const Builtin&);
Action parse_fdswap(Cursor&, const Builtin&);
Action parse_foreground(Cursor&, const Builtin&);
Action parse_if(Cursor&, const Builtin&);
Action parse_ifelse(Cursor&, const Builtin&);
Action parse_ifte(Cursor&, const Builtin&);
Action parse_ifthenelse(Cursor&, const Builtin&);
Action parse_importas(Cursor&, const Builtin&);
Action parse_multidefine(Cursor&, const Builtin&);
Action parse_multisubstitute(Cursor&, const Builtin&);
Action parse_redirfd(Cursor&, const Builtin&);
Action parse_true(Cursor&, const Builtin&);
Action parse_umask(Cursor&, const Builtin&);
Action parse_unexport(Cursor&, const Builtin&);
Action parse_wait(Cursor&, const Builtin&);
Action parse_tcp_socket_listen(Cursor&, const Builtin&);
Action parse_udp_socket_listen(Cursor&, const Builtin&);
Action parse_local_stream_socket_listen(Cursor&, const Builtin&);
Action parse_local_datagram_socket_listen(Cursor&, const Builtin&);
Action parse_local_seqpacket_socket_listen(Cursor&, const Builtin&);
Action parse_netlink_datagram_socket_listen(Cursor&, const Builtin&);
Action parse_s6_ipcserver_socketbinder(Cursor&, const Builtin&);
Action parse_setuidgid(Cursor&, const Builtin&);
Action parse_envuidgid(Cursor&, const Builtin&);
Action parse_setuidgid_fromenv(Cursor&, const Builtin&);
Action parse_elgetpositionals(Cursor&, const Builtin&);
Action parse_shift(Cursor&, const Builtin&);
Action parse_dollarat(Cursor&, const Builtin&);
Action parse_elgetopt(Cursor&, const Builtin&);
Action parse_runblock(Cursor&, const Builtin&);
Action parse_forx(Cursor&, const Builtin&);
Action parse_forbacktickx(Cursor&, const Builtin&);
Action parse_forstdin(Cursor&, const Builtin&);
Action parse_loopwhilex(Cursor&, const Builtin&);
Action parse_heredoc(Cursor&, const Builtin&);
Action parse_pipeline(Cursor&, const Builtin&);
Action parse_piperw(Cursor&, const Builtin&);
Action parse_getpid(Cursor&, const Builtin&);
Action parse_getcwd(Cursor&, const Builtin&);
Action parse_homeof(Cursor&, const Builtin&);
Action parse_case(Cursor&, const Builtin&);
Action parse_eltest(Cursor&, const Builtin&);
Action parse_trap(Cursor&, const Builtin&);
Action parse_tryexec(Cursor&, const Builtin&);
Action parse_envfile(Cursor&, const Builtin&);
Action parse_env(Cursor&, const Builtin&);
Action parse_fdblock(Cursor&, const Builtin&);
Action parse_posix_cd(Cursor&, const Builtin&);
Action parse_posix_umask(Cursor&, const Builtin&);
Action parse_elglob(Cursor&, const Builtin&);
Action parse_withstdinas(Cursor&, const Builtin&);
Action parse_softlimit(Cursor&, const Builtin&);
Action parse_hardlimit(Cursor&, const Builtin&);
Action parse_ulimit(Cursor&, const Builtin&);
Action parse_envdir(Cursor&, const Builtin&);
Action parse_s6_envuidgid(Cursor&, const Builtin&);
Action parse_s6_setuidgid(Cursor&, const Builtin&);
Action parse_s6_applyuidgid(Cursor&, const Builtin&);
Action parse_setsid(Cursor&, const Builtin&);
Action parse_setpgrp(Cursor&, const Builtin&);
Action parse_s6_tcpserver4_socketbinder(Cursor&, const Builtin&);
Action parse_s6_tcpserver6_socketbinder(Cursor&, const Builtin&);
Action parse_s6_tcpserver_socketbinder(Cursor&, const Builtin&);
Action parse_chroot(Cursor&, const Builtin&);
Action parse_appendpath(Cursor&, const Builtin&);
Action parse_prependpath(Cursor&, const Builtin&);
Action parse_printenv(Cursor&, const Builtin&);
Action parse_pause(Cursor&, const Builtin&);
Action parse_line_banner(Cursor&, const Builtin&);
Action parse_local_reaper(Cursor&, const Builtin&);
Action parse_fdredir(Cursor&, const Builtin&);
Action parse_pipe(Cursor&, const Builtin&);
Action parse_read_conf(Cursor&, const Builtin&);


namespace {

const std::vector<Builtin>& table() {
  static const std::vector<Builtin> t = [] {
    std::vector<Builtin> v = {
        {"background", {}, "background [ -d ] { prog1... } prog2...", "run a block in the background, set ! to its pid", parse_background},
        {"backtick", {}, "backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] variable { prog1... } prog2...", "set a variable to the output of a block", parse_backtick},
        {"cd", {"chdir", "execline-cd"}, "cd dir prog...", "change the working directory", parse_cd},
        {"clearenv", {}, "clearenv [ --keep-path ] prog...", "empty the environment", parse_clearenv},
        {"define", {}, "define [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ] variable value prog...", "substitute a value for a variable in the rest of the script", parse_define},
        {"emptyenv", {}, "emptyenv [ -p | -c | -o | -P ] prog...", "empty or clean up the environment", parse_emptyenv},
        {"exec", {}, "exec [ -c ] [ -l ] [ -a argv0 ] prog...", "set how the final program is executed", parse_exec},
        {"exit", {}, "exit [ exitcode ]", "end the chain with an exit code", parse_exit},
        {"export", {"setenv"}, "export variable value prog...", "set an environment variable", parse_export},
        {"false", {}, "false", "end the chain with exit code 1", parse_false},
        {"fdclose", {}, "fdclose fd prog...", "close a file descriptor", parse_fdclose},
        {"fdmove", {}, "fdmove [ -c ] to from prog...", "move (or with -c copy) a file descriptor", parse_fdmove},
        {"fdreserve", {}, "fdreserve n prog...", "find n free file descriptors, set FD0...", parse_fdreserve},
        {"fdswap", {}, "fdswap fd1 fd2 prog...", "swap two file descriptors", parse_fdswap},
        {"foreground", {}, "foreground { prog1... } prog2...", "run a block, wait, set ? to its status", parse_foreground},
        {"if", {}, "if [ -X ] [ -n ] [ -t | -x exitcode ] { prog1... } prog2...", "go on only if a block succeeds", parse_if},
        {"ifelse", {}, "ifelse [ -X ] [ -n ] { prog1... } { prog2... } prog3...", "run prog2 if prog1 succeeds, else go on", parse_ifelse},
        {"ifte", {}, "ifte [ -X ] [ -n ] { progthen... } { progelse... } progif...", "run progif, then progthen or progelse", parse_ifte},
        {"ifthenelse", {}, "ifthenelse [ -X ] [ -s ] { progif... } { progthen... } { progelse... } prog...", "run progthen or progelse after progif, then go on", parse_ifthenelse},
        {"importas", {}, "importas [ -i | -D default ] [ -u ] [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ] variable envvar prog...", "substitute an environment variable's value", parse_importas},
        {"multidefine", {}, "multidefine [ -0 ] [ -r ] [ -C | -c ] [ -N | -n ] [ -d delim ] value { variables... } prog...", "split a value into several variables", parse_multidefine},
        {"multisubstitute", {}, "multisubstitute { directives... } prog...", "perform several substitutions in parallel", parse_multisubstitute},
        {"redirfd", {}, "redirfd [ -r | -w | -u | -a | -c | -x ] [ -n ] [ -b ] fd file prog...", "open a file on a file descriptor", parse_redirfd},
        {"true", {}, "true", "end the chain with exit code 0", parse_true},
        {"umask", {"execline-umask"}, "umask mask prog...", "set the file mode creation mask", parse_umask},
        {"unexport", {"unsetenv"}, "unexport variable prog...", "remove an environment variable", parse_unexport},
        {"tcp-socket-listen", {"tcp-listen"}, "tcp-socket-listen [--no-reuse-address] [--reuse-port] [--bind-to-any] [--numeric-host] [--numeric-service] [--check-interfaces] [--combine4and6] [--backlog number] [--upstart-compatibility] [--systemd-compatibility] [--name name] [--receive-buffer-size n] [--send-buffer-size n] [--bind-to-device iface] [--keepalive] [--no-delay] [--defer-accept seconds] [--fastopen queue] [--mark n] [--transparent] host service prog...", "listen for TCP connections on fd 3+n", parse_tcp_socket_listen},
        {"udp-socket-listen", {"udp-listen"}, "udp-socket-listen [--no-reuse-address] [--reuse-port] [--bind-to-any] [--numeric-host] [--numeric-service] [--check-interfaces] [--combine4and6] [--upstart-compatibility] [--systemd-compatibility] [--name name] [--receive-buffer-size n] [--send-buffer-size n] [--bind-to-device iface] [--mark n] [--transparent] [--broadcast] [--pass-packet-info] host service prog...", "a UDP socket on fd 3+n", parse_udp_socket_listen},
        {"local-stream-socket-listen", {"local-stream-listen", "unix-listen"}, "local-stream-socket-listen [--backlog number] [--mode octal] [--uid n] [--gid n] [--user name] [--group name] [--pass-credentials] [--pass-security] [--upstart-compatibility] [--systemd-compatibility] [--name name] path prog...", "listen on a Unix stream socket on fd 3+n", parse_local_stream_socket_listen},
        {"local-datagram-socket-listen", {"local-datagram-listen"}, "local-datagram-socket-listen [--mode octal] [--uid n] [--gid n] [--user name] [--group name] [--pass-credentials] [--pass-security] [--upstart-compatibility] [--systemd-compatibility] [--name name] path prog...", "a Unix datagram socket on fd 3+n", parse_local_datagram_socket_listen},
        {"local-seqpacket-socket-listen", {"local-seqpacket-listen"}, "local-seqpacket-socket-listen [--backlog number] [--mode octal] [--uid n] [--gid n] [--user name] [--group name] [--pass-credentials] [--pass-security] [--upstart-compatibility] [--systemd-compatibility] [--name name] path prog...", "listen on a Unix seqpacket socket on fd 3+n", parse_local_seqpacket_socket_listen},
        {"netlink-datagram-socket-listen", {"netlink-listen"}, "netlink-datagram-socket-listen [--raw] [--pass-credentials] [--pass-security] [--receive-buffer-size bytes] [--group n]... [--upstart-compatibility] [--systemd-compatibility] [--name name] protocol multicast-group prog...", "a netlink socket bound to multicast groups on fd 3+n", parse_netlink_datagram_socket_listen},
        {"s6-ipcserver-socketbinder", {}, "s6-ipcserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -a perms ] [ -B ] path prog...", "bind a Unix socket on fd 0", parse_s6_ipcserver_socketbinder},
        {"setuidgid", {}, "setuidgid [--supplementary] user prog...", "drop privileges to a user (groups, gid, uid)", parse_setuidgid},
        {"envuidgid", {}, "envuidgid [--supplementary] user prog...", "set UID, GID (and GIDLIST) for a user", parse_envuidgid},
        {"setuidgid-fromenv", {}, "setuidgid-fromenv prog...", "drop privileges to UID, GID and GIDLIST from the environment", parse_setuidgid_fromenv},
        {"case", {}, "case [ -S | -s ] [ -E | -e ] [ -i ] [ -n | -N ] value { regex { prog... } ... } progdefault...", "run the block of the first pattern that matches a value", parse_case},
        {"dollarat", {}, "dollarat [ -n ] [ -0 | -d delimchar ]", "print the positional parameters", parse_dollarat},
        {"elgetopt", {}, "elgetopt [ -D default ] optstring prog...", "parse options out of the positional parameters", parse_elgetopt},
        {"elgetpositionals", {}, "elgetpositionals [ -P sharp ] prog...", "substitute the positional parameters from the environment", parse_elgetpositionals},
        {"elglob", {}, "elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] variable pattern prog...", "substitute the matches of a glob pattern", parse_elglob},
        {"eltest", {}, "eltest expression...", "evaluate a test(1) expression: exit 0 true, 1 false", parse_eltest},
        {"env", {}, "env [ -i ] [ -u name ]... [ name=value ]... prog...", "set variables for prog: in-process when prog is a builtin, else the real env", parse_env},
        {"envfile", {}, "envfile [ -i | -I ] file prog...", "read KEY=VALUE lines into the environment", parse_envfile},
        {"fdblock", {}, "fdblock [ -n ] fd prog...", "make a file descriptor blocking (or with -n non-blocking)", parse_fdblock},
        {"forbacktickx", {}, "forbacktickx [ -E | -e ] [ -p | -o okcodes | -x breakcodes ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] variable { gen... } loop...", "run the rest once per value a block prints", parse_forbacktickx},
        {"forstdin", {}, "forstdin [ -E | -e ] [ -p | -o okcodes | -x breakcodes ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] variable loop...", "run the rest once per line of stdin", parse_forstdin},
        {"forx", {}, "forx [ -E | -e ] [ -p ] [ -o okcodes | -x breakcodes ] variable { args... } loop...", "run the rest once per value", parse_forx},
        {"getcwd", {}, "getcwd [ -E | -e ] variable prog...", "put the working directory in a variable", parse_getcwd},
        {"getpid", {}, "getpid [ -E | -e ] [ -P | -p ] variable prog...", "put the pid in a variable", parse_getpid},
        {"heredoc", {}, "heredoc [ -d ] fd string prog...", "make a string readable on a file descriptor", parse_heredoc},
        {"homeof", {}, "homeof user", "print a user's home directory", parse_homeof},
        {"loopwhilex", {}, "loopwhilex [ -n ] [ -o okcodes | -x breakcodes ] prog...", "run the rest again while it succeeds", parse_loopwhilex},
        {"pipeline", {}, "pipeline [ -d ] [ -r | -w ] { prog1... } prog2...", "connect a block and the rest with a pipe", parse_pipeline},
        {"piperw", {}, "piperw fdr fdw prog...", "create a pipe on two file descriptors", parse_piperw},
        {"posix-cd", {}, "posix-cd [ -L | -P ] dir prog...", "change the working directory, POSIX options", parse_posix_cd},
        {"posix-umask", {}, "posix-umask [ -S ] [ mask ] [ prog... ]", "set the umask, octal or symbolic (no mask: print it)", parse_posix_umask},
        {"runblock", {}, "runblock [ -P ] [ -n argshift ] [ -r ] n prog...", "run a block found in the positional parameters", parse_runblock},
        {"shift", {}, "shift [ -n argn ] [ -b blockn ] prog...", "shift the positional parameters", parse_shift},
        {"trap", {}, "trap [ -x ] { signal { prog... } ... } prog...", "run the rest as a child, with handlers for signals", parse_trap},
        {"tryexec", {}, "tryexec [ -n ] [ -c ] [ -l ] [ -a argv0 ] { prog1... } prog2...", "execute a block, or go on if that fails", parse_tryexec},
        {"withstdinas", {}, "withstdinas [ -i | -I | -D default ] [ -N | -n ] [ -E | -e ] variable prog...", "put stdin in a variable", parse_withstdinas},
        {"appendpath", {}, "appendpath variable directory prog...", "append a directory to a PATH-like variable", parse_appendpath},
        {"chroot", {}, "chroot dir prog...", "change the root directory (and chdir to it)", parse_chroot},
        {"envdir", {"s6-envdir"}, "envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullis ] dir prog...", "set variables from the files of a directory", parse_envdir},
        {"fdredir", {}, "fdredir [--read | --write | --append | --update] [--no-truncate] [--exclusive] [--directory] fd file prog...", "open a file on a file descriptor (nosh)", parse_fdredir},
        {"hardlimit", {}, "hardlimit [ -a allmem ] [ -c core ] [ -d data ] [ -f fsize ] [ -l lock ] [ -m mem ] [ -o ofiles ] [ -p proc ] [ -r res ] [ -s stack ] [ -t cpusecs ] prog...", "set hard resource limits", parse_hardlimit},
        {"line-banner", {}, "line-banner text prog...", "write a line to stdout", parse_line_banner},
        {"local-reaper", {}, "local-reaper [ on | off ] prog...", "accepted and ignored: nothing to reap in one process", parse_local_reaper},
        {"pause", {}, "pause", "wait for a signal", parse_pause},
        {"pipe", {}, "pipe [--inwards] [--error] [--ignore-children] prog1... | prog2...", "connect prog1 and the rest with a pipe (nosh)", parse_pipe},
        {"prependpath", {}, "prependpath variable directory prog...", "prepend a directory to a PATH-like variable", parse_prependpath},
        {"printenv", {}, "printenv [--print0] [--full] [ variable... ]", "print the environment", parse_printenv},
        {"read-conf", {}, "read-conf [--oknofile] file prog...", "set variables from VAR=value lines", parse_read_conf},
        {"s6-applyuidgid", {}, "s6-applyuidgid [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] [ -z ] prog...", "drop privileges to given ids (-U: UID, GID, GIDLIST)", parse_s6_applyuidgid},
        {"s6-envuidgid", {}, "s6-envuidgid [ -u | -g | -B ] [ -n ] [ -i | -D uid:gid:gidlist ] account prog...", "set UID, GID and GIDLIST for an account", parse_s6_envuidgid},
        {"s6-setuidgid", {}, "s6-setuidgid account prog...", "drop privileges to an account and its groups", parse_s6_setuidgid},
        {"s6-tcpserver-socketbinder", {}, "s6-tcpserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -B ] ip port prog...", "bind an IP socket on fd 0", parse_s6_tcpserver_socketbinder},
        {"s6-tcpserver4-socketbinder", {}, "s6-tcpserver4-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -B ] ip port prog...", "bind an IPv4 socket on fd 0", parse_s6_tcpserver4_socketbinder},
        {"s6-tcpserver6-socketbinder", {}, "s6-tcpserver6-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -B ] ip port prog...", "bind an IPv6 socket on fd 0", parse_s6_tcpserver6_socketbinder},
        {"setpgrp", {}, "setpgrp prog...", "become a process group leader", parse_setpgrp},
        {"setsid", {"s6-setsid"}, "setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] prog...", "start a new session, or a new process group", parse_setsid},
        {"softlimit", {"s6-softlimit"}, "softlimit [ -a allmem ] [ -c core ] [ -d data ] [ -f fsize ] [ -l lock ] [ -m mem ] [ -o ofiles ] [ -p proc ] [ -r res ] [ -s stack ] [ -t cpusecs ] prog...", "set soft resource limits", parse_softlimit},
        {"ulimit", {}, "ulimit [ -H | -S ] -resource limit prog...", "set a resource limit, shell letters", parse_ulimit},
        {"wait", {}, "wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { [ pids... ] } prog...", "wait for children", parse_wait},
    };
    std::sort(v.begin(), v.end(), [](const Builtin& a, const Builtin& b) { return a.name < b.name; });
    return v;
  }();
  return t;
}

}  // namespace

std::span<const Builtin> builtins() { return table(); }

const Builtin* find_builtin(std::string_view name) {
  const auto& t = table();
  const auto it = std::lower_bound(t.begin(), t.end(), name, [](const Builtin& b, std::string_view n) { return b.name < n; });
  if (it != t.end() && it->name == name) return &*it;
  for (const auto& b : t)
    for (auto a : b.aliases)
      if (a == name) return &b;
  return nullptr;
}

}  // namespace chainscript

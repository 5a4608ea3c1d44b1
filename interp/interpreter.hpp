// The chain: builtins run in-process, one after the other; the first word that
// names no builtin is executed with the rest of the program as its argv.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>
#include "context.hpp"
#include "cursor.hpp"

namespace chainscript {

// Runs the chain at cursor. Returns the exit status when the chain ends without
// an exec (an empty rest is 0); does not return when it execs.
int run_chain(Cursor& cursor, Context& ctx);
// Runs a block as a chain of its own (in a child, typically).
int run_block(const BlockRef& block, Context& ctx);
// Executes argv (PATH from ctx.env); throws Failure 127 or 126 when it cannot.
[[noreturn]] void exec_program(std::vector<std::string> argv, Context& ctx);
// Forks a child that runs body. When the child's first step is a program that
// cannot be executed, that is a spawn failure: the child is reaped and
// exec_errno says why (as posix_spawn would report it to execline's commands).
struct Spawned {
  pid_t pid;
  int exec_errno;
};
Spawned spawn_program(Context& ctx, const std::function<int(Context&)>& body);
// The same, failing the step (111) when the program cannot be started.
pid_t spawn_or_fail(Context& ctx, const std::function<int(Context&)>& body);
// Forks a child that runs block as a chain; returns its pid (111 if it cannot start).
pid_t spawn_block(const BlockRef& block, Context& ctx);
// Waits for pid; returns the raw wait status.
int wait_for(pid_t pid, Context& ctx);

// Runs block in a child with its stdout on a pipe; returns what it wrote and
// its wait status (backtick, forbacktickx).
std::pair<std::string, int> capture_output(const BlockRef& block, Context& ctx);
// Reads stdin to its end, leaving fd 0 open (withstdinas, forstdin, envfile -).
std::string read_stdin(Context& ctx);

// Walks a whole program calling every builtin's parse on every invocation it can
// see (blocks included) without running anything; returns the usage errors.
std::vector<Failure> validate(const std::vector<ast::Node>& body);

// In dry-run, exec unwinds to the top with this.
struct DryExec {};

}  // namespace chainscript

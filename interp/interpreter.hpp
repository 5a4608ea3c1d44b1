// The chain: builtins run in-process, one after the other; the first word that
// names no builtin is executed with the rest of the program as its argv.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "interp/context.hpp"
#include "interp/cursor.hpp"

namespace chainscript {

// Runs the chain at cursor. Returns the exit status when the chain ends without
// an exec (an empty rest is 0); does not return when it execs.
int run_chain(Cursor& cursor, Context& ctx);
// Runs a block as a chain of its own (in a child, typically).
int run_block(const BlockRef& block, Context& ctx);
// Executes argv (PATH from ctx.env); fails 127 or 126 when it cannot.
[[noreturn]] void exec_program(std::vector<std::string> argv, Context& ctx);
// Forks a child that runs body; exec_errno says why, when the child's first
// step was a program that could not be executed (the child is then reaped).
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
// Reads stdin to its end (withstdinas, envfile -).
std::string read_stdin(Context& ctx);
// The lowest fd from `from` up that is not open and not in `taken`.
int lowest_free_fd(Context& ctx, int from, const std::vector<int>& taken = {});

}  // namespace chainscript

/* The floor of the start-up benchmark: a minimal dynamically linked program
   that only execs /bin/true. Its cost is that of one extra exec, which no
   launcher can go under. */
#include <unistd.h>

int main(void) {
  char* const argv[] = {"true", 0};
  execv("/bin/true", argv);
  return 127;
}

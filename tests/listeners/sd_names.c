/* sd_names: what a libsystemd daemon sees of the fds a chain passed it.
 *   "count N"                                  sd_listen_fds_with_names()'s result
 *   "fd F name=NAME socket=S listening=L type=T"  one line per fd
 *   "path PATH fd=F" (or "fd=none")            for each PATH on the command line: the fd
 *                                              that sd_is_socket_unix() recognises as bound
 *                                              there, as a daemon finds its socket by path
 * Environment is left in place (unset_environment = 0). Exit 0 when N >= 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>

int main(int argc, char **argv) {
  char **names = NULL;
  const int n = sd_listen_fds_with_names(0, &names);
  printf("count %d\n", n);
  if (n < 0) {
    fprintf(stderr, "sd_names: sd_listen_fds_with_names: %s\n", strerror(-n));
    return 1;
  }
  for (int i = 0; i < n; ++i) {
    const int fd = SD_LISTEN_FDS_START + i;
    const char *type = sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, -1) > 0      ? "stream"
                       : sd_is_socket(fd, AF_UNSPEC, SOCK_DGRAM, -1) > 0     ? "dgram"
                       : sd_is_socket(fd, AF_UNSPEC, SOCK_SEQPACKET, -1) > 0 ? "seqpacket"
                                                                             : "other";
    printf("fd %d name=%s socket=%d listening=%d type=%s\n", fd, names && names[i] ? names[i] : "(null)",
           sd_is_socket(fd, AF_UNSPEC, 0, -1) > 0, sd_is_socket(fd, AF_UNSPEC, 0, 1) > 0, type);
  }
  for (int a = 1; a < argc; ++a) {
    int found = -1;
    for (int i = 0; i < n && found < 0; ++i)
      if (sd_is_socket_unix(SD_LISTEN_FDS_START + i, 0, -1, argv[a], 0) > 0) found = SD_LISTEN_FDS_START + i;
    if (found < 0) printf("path %s fd=none\n", argv[a]);
    else printf("path %s fd=%d\n", argv[a], found);
  }
  if (names) {
    for (int i = 0; i < n; ++i) free(names[i]);
    free(names);
  }
  return 0;
}

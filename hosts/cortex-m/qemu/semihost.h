/*
 * tinyml-xs bare-metal images: ARM semihosting (output to QEMU's console, exit with a status) and a
 * few formatting helpers, so that the images need no C library I/O.
 */
#ifndef TINYML_SEMIHOST_H
#define TINYML_SEMIHOST_H

#include <stdint.h>

int sh_call(int op, const void* arg);  /* any semihosting operation: r0 = op, r1 = arg; returns r0 */
void sh_puts(const char* s);          /* SYS_WRITE0 */
void sh_putc(char c);                 /* SYS_WRITEC */
void sh_exit(int status);             /* SYS_EXIT_EXTENDED: QEMU exits with `status` */
void sh_put_int(int64_t v);           /* decimal */
void sh_put_hex(uint32_t v);          /* 8 hex digits */

#endif

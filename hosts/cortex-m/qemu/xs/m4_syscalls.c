/*
 * tinyml-m4: the newlib system calls the image needs; libnosys provides failing stubs for the rest.
 *
 * - _write: stdout and stderr go to the host through semihosting (printf, XS's own reports);
 * - _sbrk: malloc's heap runs from the end of .bss up to the C stack's reserved area
 *   (M4_C_STACK_BYTES below the top of RAM, see m4_memory.c);
 * - _exit: SYS_EXIT_EXTENDED, so the status becomes QEMU's.
 */

#include <errno.h>
#include <stdint.h>
#include <sys/types.h>
#include "semihost.h"
#include "m4.h"

extern char _heap_start[], _stack_top[];

int _write(int fd, const char* data, int length)
{
	if ((fd != 1) && (fd != 2)) {
		errno = EBADF;
		return -1;
	}
	m4Write(fd, data, (size_t)length);
	return length;
}

void* _sbrk(ptrdiff_t increment)
{
	static char* end = _heap_start;
	char* limit = _stack_top - m4CStackBytes();
	char* previous = end;
	if ((increment > 0) && ((size_t)increment > (size_t)(limit - end))) {
		errno = ENOMEM;
		return (void*)-1;
	}
	end += increment;
	return previous;
}

void _exit(int status)
{
	sh_exit(status);
	for (;;) {
	}
}

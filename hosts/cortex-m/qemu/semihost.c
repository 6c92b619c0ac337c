/* tinyml-xs bare-metal images: ARM semihosting calls (BKPT 0xAB on M-profile). */
#include "semihost.h"

#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

int sh_call(int op, const void* arg)
{
	register int r0 __asm__("r0") = op;
	register const void* r1 __asm__("r1") = arg;
	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

void sh_puts(const char* s)
{
	sh_call(SYS_WRITE0, s);
}

void sh_putc(char c)
{
	sh_call(SYS_WRITEC, &c);
}

void sh_exit(int status)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };
	sh_call(SYS_EXIT_EXTENDED, block);
	for (;;) {
	}
}

void sh_put_int(int64_t v)
{
	char buf[24];
	int i = 23;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[--i] = '-';
	sh_puts(buf + i);
}

void sh_put_hex(uint32_t v)
{
	char buf[9];
	int i;
	for (i = 7; i >= 0; i--) {
		buf[i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
	buf[8] = 0;
	sh_puts(buf);
}

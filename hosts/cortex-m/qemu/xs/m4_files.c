/*
 * tinyml-m4: host files through Arm semihosting (QEMU -semihosting-config enable=on,target=native):
 * whole-file reads and writes, and the host's stdout and stderr. Paths are the host's; relative
 * paths are relative to QEMU's working directory.
 */

#include <stdlib.h>
#include <string.h>
#include "semihost.h"
#include "m4.h"

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_FLEN 0x0C

/* SYS_OPEN modes (ISO C fopen equivalents) */
#define MODE_READ_BINARY 1   /* "rb" */
#define MODE_WRITE 4         /* "w" (":tt": stdout) */
#define MODE_WRITE_BINARY 5  /* "wb" */
#define MODE_APPEND 8        /* "a" (":tt": stderr) */

static int m4Open(const char* path, int mode)
{
	uint32_t block[3] = { (uint32_t)(uintptr_t)path, (uint32_t)mode, (uint32_t)strlen(path) };
	return sh_call(SYS_OPEN, block);
}

static void m4Close(int handle)
{
	uint32_t block[1] = { (uint32_t)handle };
	sh_call(SYS_CLOSE, block);
}

/* SYS_READ and SYS_WRITE return the number of bytes NOT transferred */
static int m4Transfer(int op, int handle, const void* data, size_t size)
{
	uint32_t block[3] = { (uint32_t)handle, (uint32_t)(uintptr_t)data, (uint32_t)size };
	return sh_call(op, block);
}

char* m4ReadFile(const char* path, size_t* size, const char** error)
{
	uint32_t block[1];
	int handle = m4Open(path, MODE_READ_BINARY);
	int length;
	char* data;
	if (handle < 0) {
		*error = "cannot open it";
		return NULL;
	}
	block[0] = (uint32_t)handle;
	length = sh_call(SYS_FLEN, block);
	if (length < 0) {
		m4Close(handle);
		*error = "cannot tell its length";
		return NULL;
	}
	data = malloc((size_t)length + 1);
	if (!data) {
		m4Close(handle);
		*error = "not enough memory to read it";
		return NULL;
	}
	if (length && (m4Transfer(SYS_READ, handle, data, (size_t)length) != 0)) {
		free(data);
		m4Close(handle);
		*error = "cannot read it";
		return NULL;
	}
	m4Close(handle);
	data[length] = 0;
	*size = (size_t)length;
	return data;
}

const char* m4WriteFile(const char* path, const void* data, size_t size)
{
	int handle = m4Open(path, MODE_WRITE_BINARY);
	int failed;
	if (handle < 0)
		return "cannot create it";
	failed = size && (m4Transfer(SYS_WRITE, handle, data, size) != 0);
	m4Close(handle);
	return failed ? "cannot write it" : NULL;
}

void m4Write(int stream, const char* text, size_t length)
{
	static int handles[3] = { -1, -1, -1 };
	if ((stream != 1) && (stream != 2))
		return;
	if (handles[stream] < 0)
		handles[stream] = m4Open(":tt", (stream == 1) ? MODE_WRITE : MODE_APPEND);
	if (length)
		m4Transfer(SYS_WRITE, handles[stream], text, length);
}

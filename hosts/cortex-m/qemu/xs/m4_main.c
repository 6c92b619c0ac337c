/*
 * tinyml-m4: the bare-metal XS image for QEMU mps2-an386 (Cortex-M4F).
 *
 * Reads its job from the host file "tinyml-m4-job.txt" (relative to QEMU's working directory,
 * through semihosting), creates one XS machine with the job's creation values in the fixed
 * region of m4_memory.c, evaluates the runtime bundle as a module and exits with its status.
 *
 * The job file: "name value" lines, then one line that is the JavaScript's m4.args[0]:
 *
 *     chunk 81920          XS chunk heap, bytes (one block; clamped to what the region holds)
 *     heap 4096            XS slot heap, slots
 *     stack 1280           XS stack, slots
 *     watchdog 8           SysTick periods before the watchdog stops the image (0: none)
 *     region 1048576       bytes of the XS region the job may use (optional; 0 or absent: all)
 *     bundle /path/b.js    the runtime bundle, an ES module
 *     {"model": ...}       anything: the bundle reads it
 */

#include "xs.h"
#include "m4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M4_JOB_FILE "tinyml-m4-job.txt"

static int m4BadJob(const char* what)
{
	fprintf(stderr, "%s: bad job file %s: %s\n", M4_NAME, M4_JOB_FILE, what);
	return M4_EXIT_BAD_JOB;
}

static int m4ParseJob(char* text, txM4Job* job)
{
	char* line = text;
	memset(job, 0, sizeof(*job));
	while (*line && (*line != '{')) {
		char* end = strchr(line, '\n');
		char* value;
		if (!end)
			return 0;
		*end = 0;
		value = strchr(line, ' ');
		if (!value)
			return 0;
		*value++ = 0;
		if (!strcmp(line, "bundle")) {
			if (strlen(value) >= sizeof(job->bundle))
				return 0;
			strcpy(job->bundle, value);
		}
		else {
			char* rest;
			long number = strtol(value, &rest, 10);
			if ((rest == value) || *rest || (number < 0))
				return 0;
			if (!strcmp(line, "chunk"))
				job->chunkBytes = number;
			else if (!strcmp(line, "heap"))
				job->heapSlots = number;
			else if (!strcmp(line, "stack"))
				job->stackSlots = number;
			else if (!strcmp(line, "watchdog"))
				job->watchdogTicks = number;
			else if (!strcmp(line, "region"))
				job->regionBytes = number;
			else
				return 0;
		}
		line = end + 1;
	}
	job->args = line;
	return job->bundle[0] && job->chunkBytes && job->heapSlots && job->stackSlots;
}

int main(void)
{
	txM4Job job;
	xsCreation creation;
	xsMachine* machine;
	const char* error = NULL;
	size_t size = 0;
	char* text;
	long room;

	m4PaintCStack();
	text = m4ReadFile(M4_JOB_FILE, &size, &error);
	if (!text)
		return m4BadJob(error);
	if (!m4ParseJob(text, &job))
		return m4BadJob("expected chunk, heap, stack, watchdog and bundle lines, then the arguments");
	m4StartWatchdog(job.watchdogTicks);
	m4LimitRegion((size_t)job.regionBytes);

	room = m4ChunkRoom(job.heapSlots, job.stackSlots);
	if (room < 64 * 1024) {
		fprintf(stderr, "%s: fatal: XS memory full: %ld slots and a %ld-slot stack leave %ld bytes of the %lu-byte region for chunks\n",
			M4_NAME, job.heapSlots, job.stackSlots, room, (unsigned long)m4RegionBytes());
		return M4_EXIT_MEMORY_FULL;
	}
	memset(&creation, 0, sizeof(creation));
	creation.initialChunkSize = (xsIntegerValue)((job.chunkBytes < room) ? job.chunkBytes : room);
	creation.incrementalChunkSize = 0;
	creation.initialHeapCount = (xsIntegerValue)job.heapSlots;
	creation.incrementalHeapCount = 0;
	creation.stackCount = (xsIntegerValue)job.stackSlots;
	creation.initialKeyCount = 2048;
	creation.incrementalKeyCount = 1024;
	creation.nameModulo = 127;
	creation.symbolModulo = 127;
	creation.parserBufferSize = 32 * 1024; /* the longest token the parser accepts */
	creation.parserTableModulo = 127;
	creation.staticSize = 0;

	machine = xsCreateMachine(&creation, M4_NAME, NULL);
	if (!machine) {
		fprintf(stderr, "%s: fatal: XS memory full: cannot create the machine\n", M4_NAME);
		return M4_EXIT_MEMORY_FULL;
	}
	xsHostPaintStack(machine);
	return m4RunMain(machine, job.bundle, job.args);
}

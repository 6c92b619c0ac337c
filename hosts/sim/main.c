/*
 * tinyml-sim: desktop simulator for the tinyml-xs runtime.
 *
 *     tinyml-sim [options] FILE.js [args...]
 *
 * Creates an XS machine, evaluates FILE.js as an ES module (or a classic
 * script with --script), runs promise jobs and timers until none remain and
 * exits with the status given to sim.exit(code), 0 by default, 1 after an
 * uncaught exception, an unhandled rejection or a fatal engine error, 2 for
 * command line errors.
 */

#include "sim.h"

#include <limits.h>

#define SIM_USAGE_EXIT 2

static void simUsage(FILE* stream)
{
	fprintf(stream,
		"usage: " SIM_NAME " [options] FILE.js [args...]\n"
		"  Runs FILE.js (an ES module) on the XS engine; args are in sim.args.\n"
		"options:\n"
		"  --script          evaluate FILE.js as a classic script, not a module\n"
		"  --stack=SLOTS     XS stack size in slots (default 16384; a slot is 32 bytes)\n"
		"  --heap=SLOTS      initial slot heap (default 65536), grows by half as much\n"
		"  --chunks=BYTES    initial chunk heap (default 4m), grows by half as much\n"
		"                    (numbers take an optional k or m suffix)\n"
		"  -h, --help        print this message\n"
		"  --                end of options\n");
}

/* Parses "123", "64k", "4m"; returns -1 when invalid or not in 1..1G. */
static long simParseSize(const char* text)
{
	char* end;
	long value;
	errno = 0;
	value = strtol(text, &end, 10);
	if (errno || (end == text) || (value <= 0))
		return -1;
	if ((*end == 'k') || (*end == 'K')) {
		value *= 1024;
		end++;
	}
	else if ((*end == 'm') || (*end == 'M')) {
		value *= 1024 * 1024;
		end++;
	}
	if (*end || (value > 1024L * 1024 * 1024))
		return -1;
	return value;
}

/* Matches "--name=VALUE" or "--name VALUE"; stores VALUE and advances *argi. */
static int simOption(int argc, char** argv, int* argi, const char* name, const char** value)
{
	const char* arg = argv[*argi];
	size_t length = strlen(name);
	if (strncmp(arg, name, length))
		return 0;
	if (arg[length] == '=') {
		*value = arg + length + 1;
		return 1;
	}
	if (arg[length] == 0) {
		if (*argi + 1 >= argc) {
			fprintf(stderr, SIM_NAME ": %s needs a value\n", name);
			exit(SIM_USAGE_EXIT);
		}
		*argi += 1;
		*value = argv[*argi];
		return 1;
	}
	return 0;
}

static long simSizeOption(const char* name, const char* value)
{
	long size = simParseSize(value);
	if (size < 0) {
		fprintf(stderr, SIM_NAME ": invalid %s value: %s\n", name, value);
		exit(SIM_USAGE_EXIT);
	}
	return size;
}

int main(int argc, char* argv[])
{
	long stackCount = 16 * 1024;
	long heapCount = 64 * 1024;
	long chunkSize = 4 * 1024 * 1024;
	int asScript = 0;
	const char* file = NULL;
	char path[PATH_MAX];
	xsCreation creation;
	xsMachine* machine;
	int argi, status;

	for (argi = 1; argi < argc; argi++) {
		const char* arg = argv[argi];
		const char* value;
		if (arg[0] != '-' || arg[1] == 0) {
			file = arg;
			break;
		}
		if (!strcmp(arg, "--")) {
			if (argi + 1 < argc)
				file = argv[++argi];
			break;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			simUsage(stdout);
			return 0;
		}
		if (!strcmp(arg, "--script"))
			asScript = 1;
		else if (simOption(argc, argv, &argi, "--stack", &value))
			stackCount = simSizeOption("--stack", value);
		else if (simOption(argc, argv, &argi, "--heap", &value))
			heapCount = simSizeOption("--heap", value);
		else if (simOption(argc, argv, &argi, "--chunks", &value))
			chunkSize = simSizeOption("--chunks", value);
		else {
			fprintf(stderr, SIM_NAME ": unknown option %s\n", arg);
			simUsage(stderr);
			return SIM_USAGE_EXIT;
		}
	}
	if (!file) {
		simUsage(stderr);
		return SIM_USAGE_EXIT;
	}
	if (!realpath(file, path)) {
		fprintf(stderr, SIM_NAME ": cannot open %s: %s\n", file, strerror(errno));
		return SIM_USAGE_EXIT;
	}
	gxSim.argc = argc - argi - 1;
	gxSim.argv = argv + argi + 1;

	memset(&creation, 0, sizeof(creation));
	creation.initialChunkSize = (xsIntegerValue)chunkSize;
	creation.incrementalChunkSize = (xsIntegerValue)(chunkSize / 2);
	creation.initialHeapCount = (xsIntegerValue)heapCount;
	creation.incrementalHeapCount = (xsIntegerValue)(heapCount / 2);
	creation.stackCount = (xsIntegerValue)stackCount;
	creation.initialKeyCount = 8 * 1024;
	creation.incrementalKeyCount = 4 * 1024;
	creation.nameModulo = 1993;
	creation.symbolModulo = 127;
	creation.parserBufferSize = 8 * 1024 * 1024; /* longest token (e.g. a string literal) the parser accepts */
	creation.parserTableModulo = 1993;
	creation.staticSize = 0;

	machine = xsCreateMachine(&creation, SIM_NAME, NULL);
	if (!machine) {
		fprintf(stderr, SIM_NAME ": cannot create the XS machine\n");
		return SIM_EXIT_ERROR;
	}
	xsHostPaintStack(machine);
	status = simRunMain(machine, path, asScript);
	xsDeleteMachine(machine);
	return status;
}

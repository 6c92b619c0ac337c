/*
 * tinyml-sim: the XS platform layer.
 *
 * - platform hooks XS calls (machine platform, promise job queue, abort,
 *   module lookup and loading from files)
 * - simRunMain: evaluates the program, then runs promise jobs and timers until
 *   none remain, and decides the exit status
 * - exit, memory counters and the monotonic clock used by the globals
 *
 * This file uses the engine internals (xsAll.h); the JavaScript-facing
 * functions in the other sim_*.c files use the public xs.h/xsmc.h API.
 */

#include "xsAll.h"
#include "xsScript.h"
#include "sim.h"
#include "xs_host.h"

txSimHost gxSim = { 0, NULL, 0 };

/*
 * Why control came back to simRunMain through fxExitToHost (or a throw that
 * no JavaScript code caught).
 */
enum {
	mxSimRunning = 0,
	mxSimExitRequested, /* sim.exit(code) */
	mxSimFailed,        /* exception or rejection stored in gxSimError */
	mxSimFatal,         /* the engine aborted (memory full, stack overflow...) */
};

static int gxSimState = mxSimRunning;
static int gxSimReporting = 0;
static const char* gxSimErrorPrefix = "Uncaught";
/* Exception to report once the machine is back in a clean state; a GC root (fxRemember). */
static txSlot gxSimError;
static struct timespec gxSimStart;

static void simFail(txMachine* the, const char* prefix) XS_FUNCTION_NORETURN;
static txScript* simLoadScript(txMachine* the, txString path, txUnsigned flags);
static void simRejectMain(txMachine* the);
static void simStartMain(txMachine* the, const char* path, int asScript);
static void simRunLoop(txMachine* the);

/* CLOCK */

static double simElapsed(const struct timespec* t)
{
	return ((double)(t->tv_sec - gxSimStart.tv_sec) * 1000.0) + ((double)(t->tv_nsec - gxSimStart.tv_nsec) / 1000000.0);
}

double simNow(void)
{
	struct timespec t;
	if (gxSimStart.tv_sec == 0 && gxSimStart.tv_nsec == 0)
		clock_gettime(CLOCK_MONOTONIC, &gxSimStart);
	clock_gettime(CLOCK_MONOTONIC, &t);
	return simElapsed(&t);
}

void simSleep(double ms)
{
	struct timespec t;
	if (!(ms > 0))
		return;
	t.tv_sec = (time_t)(ms / 1000.0);
	t.tv_nsec = (long)((ms - ((double)t.tv_sec * 1000.0)) * 1000000.0);
	if (t.tv_nsec >= 1000000000L)
		t.tv_nsec = 999999999L;
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* PLATFORM HOOKS */

void fxCreateMachinePlatform(txMachine* the)
{
	the->waiterCondition = C_NULL;
	the->waiterData = C_NULL;
	the->waiterLink = C_NULL;
	the->simPromiseJobs = 0;
}

void fxDeleteMachinePlatform(txMachine* the)
{
}

void fxQueuePromiseJobs(txMachine* the)
{
	the->simPromiseJobs = 1;
}

void fxAbort(txMachine* the, int status)
{
	const char* why = xsHostAbortReason(status);
	if (!why) {
		if (gxSimReporting)
			return; /* while printing a previous error: give up on this one */
		simFail(the, (status == XS_UNHANDLED_REJECTION_EXIT) ? "Unhandled rejection" : "Uncaught");
	}
	if (status == XS_STACK_OVERFLOW_EXIT)
		why = "XS stack overflow (try a larger --stack)";
	fprintf(stderr, "%s: fatal: %s\n", SIM_NAME, why);
	fflush(stdout);
	gxSim.exitCode = SIM_EXIT_ERROR;
	if (gxSimReporting || !the->firstJump)
		exit(SIM_EXIT_ERROR);
	gxSimState = mxSimFatal;
	fxExitToHost(the);
}

/*
 * Module specifiers: absolute paths, or "./" and "../" paths relative to the
 * importing module. Modules are named by their real path, so each file is
 * loaded once. Bare specifiers are not resolved: the sim runs bundles.
 */
txID fxFindModule(txMachine* the, txSlot* realm, txID moduleID, txSlot* slot)
{
	char name[C_PATH_MAX];
	char path[C_PATH_MAX];
	char real[C_PATH_MAX];
	fxToStringBuffer(the, slot, name, sizeof(name));
	if (name[0] == '/') {
		c_strcpy(path, name);
	}
	else if ((name[0] == '.') && ((name[1] == '/') || ((name[1] == '.') && (name[2] == '/')))) {
		txString slash;
		if (moduleID == XS_NO_ID)
			return XS_NO_ID;
		c_strncpy(path, fxGetKeyName(the, moduleID), sizeof(path) - 1);
		path[sizeof(path) - 1] = 0;
		slash = c_strrchr(path, '/');
		if (!slash)
			return XS_NO_ID;
		slash[1] = 0;
		if ((c_strlen(path) + c_strlen(name)) >= sizeof(path))
			mxRangeError("module path too long: %s", name);
		c_strcat(path, name);
	}
	else
		return XS_NO_ID;
	if (!c_realpath(path, real))
		return XS_NO_ID;
	return fxNewNameC(the, real);
}

void fxLoadModule(txMachine* the, txSlot* module, txID moduleID)
{
	txString path = fxGetKeyName(the, moduleID);
	txScript* script = simLoadScript(the, path, mxDebugFlag);
	if (script)
		fxResolveModule(the, module, moduleID, script, C_NULL, C_NULL);
}

/* SOURCES */

typedef struct {
	const unsigned char* current;
	const unsigned char* limit;
} txSimStream;

static int simStreamGetter(void* it)
{
	txSimStream* stream = it;
	if (stream->current < stream->limit)
		return *(stream->current++);
	return C_EOF;
}

char* simReadFile(const char* path, size_t* size)
{
	FILE* file = fopen(path, "rb");
	char* buffer = C_NULL;
	size_t capacity = 0, length = 0;
	if (!file)
		return C_NULL;
	errno = 0;
	for (;;) {
		size_t count;
		if (length == capacity) {
			char* larger;
			capacity = capacity ? capacity * 2 : 64 * 1024;
			larger = c_realloc(buffer, capacity);
			if (!larger) {
				c_free(buffer);
				fclose(file);
				errno = ENOMEM;
				return C_NULL;
			}
			buffer = larger;
		}
		count = fread(buffer + length, 1, capacity - length, file);
		length += count;
		if (count == 0) {
			int error = ferror(file) ? (errno ? errno : EIO) : 0;
			fclose(file);
			if (error) {
				c_free(buffer);
				errno = error;
				return C_NULL;
			}
			*size = length;
			return buffer;
		}
	}
}

static void simReportParserMessage(const char* kind, txString path, txInteger line, txString format, c_va_list arguments)
{
	fflush(stdout);
	if (path && line)
		fprintf(stderr, "%s:%d: %s: ", path, (int)line, kind);
	else
		fprintf(stderr, "%s: %s: ", path ? path : SIM_NAME, kind);
	vfprintf(stderr, format, arguments);
	fprintf(stderr, "\n");
}

static void simReportParserError(void* console, txString path, txInteger line, txString format, c_va_list arguments)
{
	simReportParserMessage("error", path, line, format, arguments);
}

static void simReportParserWarning(void* console, txString path, txInteger line, txString format, c_va_list arguments)
{
	simReportParserMessage("warning", path, line, format, arguments);
}

/* Parses a file into a script; parse errors are reported (on stderr) and become a SyntaxError thrown when the script runs. */
static txScript* simLoadScript(txMachine* the, txString path, txUnsigned flags)
{
	txParser _parser;
	txParser* parser = &_parser;
	txParserJump jump;
	txScript* volatile script = C_NULL; /* assigned between setjmp and a possible longjmp */
	txSimStream stream;
	size_t size = 0;
	char* text = simReadFile(path, &size);
	if (!text)
		mxURIError("cannot read %s: %s", path, strerror(errno));
	stream.current = (const unsigned char*)text;
	stream.limit = stream.current + size;
	fxInitializeParser(parser, the, the->parserBufferSize, the->parserTableModulo);
	parser->reportError = simReportParserError;
	parser->reportWarning = simReportParserWarning;
	parser->firstJump = &jump;
	if (c_setjmp(jump.jmp_buf) == 0) {
		parser->path = fxNewParserSymbol(parser, path);
		fxParserTree(parser, &stream, simStreamGetter, flags, C_NULL);
		fxParserHoist(parser);
		fxParserBind(parser);
		script = fxParserCode(parser);
	}
	fxTerminateParser(parser);
	c_free(text);
	if (!script)
		mxSyntaxError("cannot parse %s", path);
	return script;
}

/* MAIN */

/* Stores the pending exception for simRunMain to print, and unwinds to it. */
static void simFail(txMachine* the, const char* prefix)
{
	if (gxSimState == mxSimRunning) {
		gxSimError.kind = mxException.kind;
		gxSimError.value = mxException.value;
		gxSimErrorPrefix = prefix;
		gxSimState = mxSimFailed;
	}
	mxException = mxUndefined;
	gxSim.exitCode = SIM_EXIT_ERROR;
	fxExitToHost(the);
}

void simExit(txMachine* the, int code)
{
	if (gxSimState == mxSimRunning) {
		gxSim.exitCode = code;
		gxSimState = mxSimExitRequested;
	}
	fxExitToHost(the);
}

/* Rejection handler of the main module's evaluation promise. */
static void simRejectMain(txMachine* the)
{
	mxException = *mxArgv(0);
	simFail(the, "Uncaught");
}

static void simStartMain(txMachine* the, const char* path, int asScript)
{
	txSlot* realm = mxModuleInstanceInternal(mxProgram.value.reference)->value.module.realm;
	if (asScript) {
		txScript* script = simLoadScript(the, (txString)path, mxProgramFlag | mxDebugFlag);
		mxModuleInstanceInternal(mxProgram.value.reference)->value.module.id = fxID(the, (txString)path);
		fxRunScript(the, script, mxRealmGlobal(realm), C_NULL, mxRealmClosures(realm)->value.reference, C_NULL, mxProgram.value.reference);
		mxPop();
	}
	else {
		/* import(path).then(undefined, simRejectMain) */
		mxPushStringC((txString)path);
		fxRunImport(the, realm, XS_NO_ID);
		mxDub();
		fxGetID(the, mxID(_then));
		mxCall();
		mxPushUndefined();
		fxNewHostFunction(the, simRejectMain, 1, XS_NO_ID, XS_NO_ID);
		mxRunCount(2);
		mxPop();
	}
}

/*
 * The event loop: promise jobs first, then (FinalizationRegistry cleanup and
 * unhandled rejection checks in fxEndJob), then the earliest timer, sleeping
 * until it is due. Ends when nothing is pending.
 */
static void simRunLoop(txMachine* the)
{
	for (;;) {
		double when, now;
		while (the->simPromiseJobs) {
			the->simPromiseJobs = 0;
			fxRunPromiseJobs(the);
		}
		fxEndJob(the);
		if (the->simPromiseJobs)
			continue;
		if (!simTimersNext(&when))
			break;
		now = simNow();
		if (when > now)
			simSleep(when - now);
		simTimersRunDue(the);
	}
	fxCheckUnhandledRejections(the, 1);
}

typedef struct {
	const char* path;
	int asScript;
} txSimMain;

/* Runs phase in a host frame; a throw that nothing caught becomes the error to report. */
static void simProtect(txMachine* the, void (*phase)(txMachine*, void*), txSimMain* main)
{
	txSlot thrown;
	if (xsHostProtect(the, phase, main, &thrown) && (gxSimState == mxSimRunning)) {
		gxSimError.kind = thrown.kind;
		gxSimError.value = thrown.value;
		gxSimErrorPrefix = "Uncaught";
		gxSimState = mxSimFailed;
		gxSim.exitCode = SIM_EXIT_ERROR;
	}
}

static void simMainPhase(txMachine* the, void* context)
{
	txSimMain* main = context;
	simInstallGlobals(the);
	simStartMain(the, main->path, main->asScript);
	simRunLoop(the);
}

static void simReportPhase(txMachine* the, void* context)
{
	mxPush(gxSimError);
	xsHostReportException(the, gxSimErrorPrefix, the->stack);
	mxPop();
}

int simRunMain(txMachine* the, const char* path, int asScript)
{
	txSimMain main = { path, asScript };
	simNow();
	gxSimError.kind = XS_UNDEFINED_KIND;
	fxRemember(the, &gxSimError);
	simProtect(the, simMainPhase, &main);
	if (gxSimState == mxSimFailed) {
		gxSimReporting = 1;
		simProtect(the, simReportPhase, &main);
	}
	gxSimReporting = 1;
	simTimersTerminate(the);
	fxForget(the, &gxSimError);
	fflush(stdout);
	return gxSim.exitCode;
}

/* MEMORY */

/* Fill byte for the unused part of the XS stack: the deepest slot that no longer holds it marks the peak. */
void simGetMemory(txMachine* the, txSimMemory* memory)
{
	xsHostGetHeap(the, &memory->heap);
	memory->stackUsed = (double)(the->stackTop - the->stack) * sizeof(txSlot);
	memory->stackPeak = (double)xsHostStackPeak(the);
	memory->stackSize = (double)(the->stackTop - the->stackBottom) * sizeof(txSlot);
}

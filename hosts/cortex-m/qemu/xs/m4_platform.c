/*
 * tinyml-m4: the XS platform layer of the bare-metal image.
 *
 * - platform hooks XS calls (machine platform, promise job queue, abort, module lookup and
 *   loading through semihosting);
 * - m4RunMain: evaluates the bundle as a module, runs promise jobs until none remain, and
 *   decides the exit status. There are no timers: the image runs one job and exits.
 *
 * This file uses the engine internals (xsAll.h); m4_globals.c and m4_natives.c use xsmc.h.
 */

#include "xsAll.h"
#include "m4.h"
#include "xs_host.h"

/* Why control came back to m4RunMain (through fxExitToHost or a throw nothing caught). */
enum {
	mxM4Running = 0,
	mxM4ExitRequested, /* m4.exit(code) */
	mxM4Failed,        /* exception or rejection stored in gxM4Error */
	mxM4Fatal,         /* the engine aborted (memory full, stack overflow...) */
};

static int gxM4State = mxM4Running;
static int gxM4ExitCode = 0;
static int gxM4Reporting = 0;
static const char* gxM4ErrorPrefix = "Uncaught";
static txSlot gxM4Error; /* a GC root while it holds the exception to report (fxRemember) */

static void m4Fail(txMachine* the, const char* prefix) XS_FUNCTION_NORETURN;

/* PLATFORM HOOKS */

void fxCreateMachinePlatform(txMachine* the)
{
	the->m4PromiseJobs = 0;
}

void fxDeleteMachinePlatform(txMachine* the)
{
}

void fxQueuePromiseJobs(txMachine* the)
{
	the->m4PromiseJobs = 1;
}

void fxAbort(txMachine* the, int status)
{
	const char* why = xsHostAbortReason(status);
	int code = (status == XS_NOT_ENOUGH_MEMORY_EXIT) ? M4_EXIT_MEMORY_FULL : M4_EXIT_FATAL;
	if (!why) {
		if (gxM4Reporting)
			return; /* while printing a previous error: give up on this one */
		m4Fail(the, (status == XS_UNHANDLED_REJECTION_EXIT) ? "Unhandled rejection" : "Uncaught");
	}
	fprintf(stderr, "%s: fatal: %s (chunks: %ld of %ld bytes used; slots: %ld of %ld)\n", M4_NAME, why,
		(long)the->currentChunksSize, (long)the->maximumChunksSize, (long)the->currentHeapCount, (long)the->maximumHeapCount);
	fflush(stdout);
	if (gxM4Reporting || !the->firstJump)
		exit(code);
	gxM4ExitCode = code;
	gxM4State = mxM4Fatal;
	fxExitToHost(the);
}

/* The image runs one self-contained bundle: modules are named by absolute host paths. */
txID fxFindModule(txMachine* the, txSlot* realm, txID moduleID, txSlot* slot)
{
	char name[C_PATH_MAX];
	fxToStringBuffer(the, slot, name, sizeof(name));
	if (name[0] != '/')
		return XS_NO_ID;
	return fxNewNameC(the, name);
}

static uint32_t m4Get32(const unsigned char* p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static txS1* m4Copy(const unsigned char* data, size_t size)
{
	txS1* copy = c_malloc(size ? size : 1);
	if (copy)
		c_memcpy(copy, data, size);
	return copy;
}

/*
 * Modules are byte code compiled on the build machine by compiler/m4_xsc.c ("TMXS", version[4],
 * symbolsSize, codeSize, symbols, code): the image has no parser's memory to spare. The script
 * is handed to XS, which frees it once the module body has run (function byte code is copied
 * into chunks as the functions are created).
 */
void fxLoadModule(txMachine* the, txSlot* module, txID moduleID)
{
	txString path = fxGetKeyName(the, moduleID);
	const char* error = C_NULL;
	size_t size = 0;
	unsigned char* data = (unsigned char*)m4ReadFile(path, &size, &error);
	uint32_t symbolsSize, codeSize;
	txScript* script;
	if (!data)
		mxURIError("cannot read %s: %s", path, error);
	if ((size < 16) || c_memcmp(data, "TMXS", 4)) {
		c_free(data);
		mxSyntaxError("%s: not XS byte code from tinyml-m4-xsc", path);
	}
	symbolsSize = m4Get32(data + 8);
	codeSize = m4Get32(data + 12);
	if ((symbolsSize > size - 16) || (codeSize != size - 16 - symbolsSize)) {
		c_free(data);
		mxSyntaxError("%s: truncated byte code", path);
	}
	script = c_calloc(1, sizeof(txScript));
	if (script) {
		c_memcpy(script->version, data + 4, 4);
		script->symbolsSize = (txSize)symbolsSize;
		script->codeSize = (txSize)codeSize;
		script->symbolsBuffer = m4Copy(data + 16, symbolsSize);
		script->codeBuffer = m4Copy(data + 16 + symbolsSize, codeSize);
	}
	c_free(data);
	if (!script || !script->symbolsBuffer || !script->codeBuffer) {
		fxDeleteScript(script);
		fxAbort(the, XS_NOT_ENOUGH_MEMORY_EXIT);
	}
	fxResolveModule(the, module, moduleID, script, C_NULL, C_NULL);
}

/* MAIN */

/* Stores the pending exception for m4RunMain to print, and unwinds to it. */
static void m4Fail(txMachine* the, const char* prefix)
{
	if (gxM4State == mxM4Running) {
		gxM4Error.kind = mxException.kind;
		gxM4Error.value = mxException.value;
		gxM4ErrorPrefix = prefix;
		gxM4State = mxM4Failed;
		gxM4ExitCode = M4_EXIT_ERROR;
	}
	mxException = mxUndefined;
	fxExitToHost(the);
}

void m4Exit(txMachine* the, int code)
{
	if (gxM4State == mxM4Running) {
		gxM4ExitCode = code;
		gxM4State = mxM4ExitRequested;
	}
	fxExitToHost(the);
}

/* Rejection handler of the main module's evaluation promise. */
static void m4RejectMain(txMachine* the)
{
	mxException = *mxArgv(0);
	m4Fail(the, "Uncaught");
}

static const char* gxM4Args = "";

static void m4MainPhase(txMachine* the, void* context)
{
	const char* path = context;
	txSlot* realm = mxModuleInstanceInternal(mxProgram.value.reference)->value.module.realm;
	m4InstallGlobals(the, gxM4Args);
	/* import(path).then(undefined, m4RejectMain) */
	mxPushStringC((txString)path);
	fxRunImport(the, realm, XS_NO_ID);
	mxDub();
	fxGetID(the, mxID(_then));
	mxCall();
	mxPushUndefined();
	fxNewHostFunction(the, m4RejectMain, 1, XS_NO_ID, XS_NO_ID);
	mxRunCount(2);
	mxPop();
	for (;;) {
		while (the->m4PromiseJobs) {
			the->m4PromiseJobs = 0;
			fxRunPromiseJobs(the);
		}
		fxEndJob(the);
		if (!the->m4PromiseJobs)
			break;
	}
	fxCheckUnhandledRejections(the, 1);
}

static void m4ReportPhase(txMachine* the, void* context)
{
	mxPush(gxM4Error);
	xsHostReportException(the, gxM4ErrorPrefix, the->stack);
	mxPop();
}

/* Runs phase in a host frame; a throw that nothing caught becomes the error to report. */
static void m4Protect(txMachine* the, void (*phase)(txMachine*, void*), const char* path)
{
	txSlot thrown;
	if (xsHostProtect(the, phase, (void*)path, &thrown) && (gxM4State == mxM4Running)) {
		gxM4Error.kind = thrown.kind;
		gxM4Error.value = thrown.value;
		gxM4ErrorPrefix = "Uncaught";
		gxM4State = mxM4Failed;
		gxM4ExitCode = M4_EXIT_ERROR;
	}
}

int m4RunMain(txMachine* the, const char* path, const char* args)
{
	gxM4Args = args;
	gxM4Error.kind = XS_UNDEFINED_KIND;
	fxRemember(the, &gxM4Error);
	m4Protect(the, m4MainPhase, path);
	if (gxM4State == mxM4Failed) {
		gxM4Reporting = 1;
		m4Protect(the, m4ReportPhase, path);
	}
	gxM4Reporting = 1;
	fxForget(the, &gxM4Error);
	return gxM4ExitCode;
}

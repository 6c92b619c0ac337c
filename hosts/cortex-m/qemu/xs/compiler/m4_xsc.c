/*
 * tinyml-m4-xsc: compiles the runtime bundle (an ES module) to XS byte code on the build machine,
 * as Moddable's tools do for devices, so that the image neither parses JavaScript nor needs the
 * parser's memory (several MB for the bundle: more than the board's RAM leaves).
 *
 *     tinyml-m4-xsc IN.js OUT.xsb
 *
 * Linked with the simulator's XS objects (the byte code does not depend on the word size).
 * OUT.xsb, read by fxLoadModule in ../m4_platform.c (little-endian 32-bit fields):
 *     "TMXS", version[4], symbolsSize, codeSize, then the symbols and the code.
 */

#include "xsAll.h"
#include "xsScript.h"

#include <stdio.h>

/* Engine hooks the parser never calls here (there is no machine). */
void fxCreateMachinePlatform(txMachine* the) {}
void fxDeleteMachinePlatform(txMachine* the) {}
void fxQueuePromiseJobs(txMachine* the) {}
void fxAbort(txMachine* the, int status) { fprintf(stderr, "tinyml-m4-xsc: abort %d\n", status); exit(1); }
txID fxFindModule(txMachine* the, txSlot* realm, txID moduleID, txSlot* slot) { return XS_NO_ID; }
void fxLoadModule(txMachine* the, txSlot* module, txID moduleID) {}

static void report(void* console, txString path, txInteger line, txString format, c_va_list arguments)
{
	fprintf(stderr, "%s:%d: error: ", path ? path : "?", (int)line);
	vfprintf(stderr, format, arguments);
	fprintf(stderr, "\n");
}

static void put32(FILE* file, uint32_t value)
{
	unsigned char bytes[4] = { value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24 };
	fwrite(bytes, 1, 4, file);
}

int main(int argc, char* argv[])
{
	txParser _parser;
	txParser* parser = &_parser;
	txParserJump jump;
	txScript* volatile script = C_NULL;
	FILE* in;
	FILE* out;
	int failed;
	if (argc != 3) {
		fprintf(stderr, "usage: tinyml-m4-xsc IN.js OUT.xsb\n");
		return 2;
	}
	in = fopen(argv[1], "rb");
	if (!in) {
		fprintf(stderr, "tinyml-m4-xsc: cannot read %s\n", argv[1]);
		return 1;
	}
	fxInitializeParser(parser, C_NULL, 1024 * 1024, 1993);
	parser->reportError = report;
	parser->reportWarning = report;
	parser->firstJump = &jump;
	if (c_setjmp(jump.jmp_buf) == 0) {
		parser->path = fxNewParserSymbol(parser, argv[1]);
		fxParserTree(parser, in, (txGetter)fgetc, 0, C_NULL);
		fxParserHoist(parser);
		fxParserBind(parser);
		script = fxParserCode(parser);
	}
	failed = parser->errorCount > 0;
	fxTerminateParser(parser);
	fclose(in);
	if (!script || failed) {
		fprintf(stderr, "tinyml-m4-xsc: cannot compile %s\n", argv[1]);
		return 1;
	}
	out = fopen(argv[2], "wb");
	if (!out) {
		fprintf(stderr, "tinyml-m4-xsc: cannot write %s\n", argv[2]);
		return 1;
	}
	fwrite("TMXS", 1, 4, out);
	fwrite(script->version, 1, 4, out);
	put32(out, (uint32_t)script->symbolsSize);
	put32(out, (uint32_t)script->codeSize);
	fwrite(script->symbolsBuffer, 1, (size_t)script->symbolsSize, out);
	fwrite(script->codeBuffer, 1, (size_t)script->codeSize, out);
	failed = ferror(out) != 0;
	if (fclose(out) != 0 || failed) {
		fprintf(stderr, "tinyml-m4-xsc: cannot write %s\n", argv[2]);
		return 1;
	}
	fxDeleteScript(script);
	return 0;
}

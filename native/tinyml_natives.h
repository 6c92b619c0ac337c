/*
 * tinyml-xs native functions: the list the simulator's native() table is built from.
 *
 * One line per C host function reachable from TypeScript as native("name"):
 *
 *     TINYML_NATIVE(xs_tinyml_foo)
 *
 * where the function is defined in some C file under native/ as
 *
 *     void xs_tinyml_foo(xsMachine* the) { ... }   // #include "xsmc.h"
 *
 * This file is an X-macro list: it has no include guard on purpose, and the
 * includer defines TINYML_NATIVE(name) before including it (see
 * hosts/sim/sim_natives.c). Keep one entry per line, sorted by name.
 *
 * xs_tinyml_sim_selftest exists on the simulator only (hosts/sim/sim_selftest.c).
 */

TINYML_NATIVE(xs_tinyml_sim_selftest)

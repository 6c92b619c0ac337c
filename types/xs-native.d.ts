/**
 * XS's `native()` and `Native()` (Moddable SDK 7.x and later; @moddable/typings 5.6.0 does not
 * declare them). xsc turns `native("name")` (one string literal, nothing else) into the C host
 * function `name` at build time and `Native("destructor")` into a host constructor; at run time
 * the globals only throw. Written from documentation/xs/XS in C.md, "Native".
 */
declare function native(name: string): (...args: any[]) => any;
declare function Native(destructor: string): new (...args: any[]) => object;

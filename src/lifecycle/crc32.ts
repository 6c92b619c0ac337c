/** CRC-32 (IEEE 802.3): the runtime's (src/math/crc32.ts), which compiled plans use too. */
export { crc32 } from "../math/crc32";

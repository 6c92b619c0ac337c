/** The seeded PRNG the tests use (hosts/sim/random.ts), so that random tests are repeatable. */
export { randInt, rng } from "../../hosts/sim/random";

/** Tests build their small models with the project's own .tflite writer. */
export * from "../../src/cli/tflite_writer";

// Compile-time assertions: `Expect<Equal<A, B>>` fails to compile unless A and B are the same
// type (the usual conditional-type identity check, stricter than mutual assignability).

export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export type Expect<T extends true> = T;

/** Checks at compile time that `value` has exactly the type `T`; does nothing at run time. */
export function assertType<T>(value: T): T {
  return value;
}

/** An alias token's shape: 32 lowercase base32 characters (160 random bits), with no zod (`@entraide/core/plain`). */
export const aliasTokenPattern = /^[a-z2-7]{32}$/;

export function cleanCheckout(prefix?: string): { dir: string; remove(): void }

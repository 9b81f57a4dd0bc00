/** Starts a throwaway PostgreSQL cluster in a temp directory on a free port; `stop()` removes it. */
export function startPostgres(options?: { fsync?: boolean }): Promise<{ url: string; database: (name: string) => string; stop: () => void }>

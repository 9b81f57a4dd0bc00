export interface Server {
  url: string
  close(): Promise<void>
}
export function serve(options?: { port?: number; quiet?: boolean; headers?: (path: string) => Record<string, string> }): Promise<Server>

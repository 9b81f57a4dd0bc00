export interface Entry {
  subpath: string
  source: string
  dist: string
  build: 'library' | 'adapter' | 'binding'
  exports: string[]
  docs: string
}
export const entries: Entry[]
export function inputs(build: Entry['build']): Record<string, string>
export function packageExports(): Record<string, unknown>
export function packageTypesVersions(): { '*': Record<string, string[]> }
export function packageFiles(): string[]

export interface SizeRow {
  label: string
  minified: number
  gzip: number
  brotli: number
  budget: number
}
export function measure(): Promise<SizeRow[]>
export function table(rows: SizeRow[]): string
export function readmeTable(): string | undefined
export const terserOptions: import('terser').MinifyOptions
export function compressedSizes(min: string): { minified: number; gzip: number; brotli: number }
export const MIN_HEADROOM: number
export function headroom(row: SizeRow): number

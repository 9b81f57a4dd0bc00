export declare const README: string
export declare const SRI_START: string
export declare const SRI_END: string
export declare const SNIPPET_FILES: [string, string[]][]
export declare function integrity(): Record<string, string>
export declare function sriSnippet(hashes?: Record<string, string>): string
export declare function readmeSri(text?: string): string | undefined

// @iabtechlabtcf/stub ships no types: its CommonJS export installs the IAB `__tcfapi` stub.
declare module '@iabtechlabtcf/stub' {
  const installStub: () => void
  export default installStub
}

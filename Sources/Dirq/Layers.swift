// The library re-exports the layers it is built on, so `import Dirq` gives a program values,
// snapshots, loaders and the parser as well as the session (see Package.swift for the layers).
@_exported import DirqModel
@_exported import DirqSyntax
@_exported import DirqEngine

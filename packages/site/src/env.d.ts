// The site runs in browsers: its sources see the DOM's types (the rest of the tree stays Node).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

// Site-wide behaviour that needs JavaScript. Everything here is progressive
// enhancement: pages work without it.

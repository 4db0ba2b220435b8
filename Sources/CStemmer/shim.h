// Snowball's stemmers (libstemmer, Debian package libstemmer-dev): sb_stemmer_new("russian", "UTF_8").
#include <libstemmer.h>

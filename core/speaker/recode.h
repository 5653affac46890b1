/* Attribute sets made again when a neighbor's context changes, for
 * speaker.c: not part of the speaker's public surface. */
#ifndef LUABGP_SPEAKER_RECODE_H
#define LUABGP_SPEAKER_RECODE_H

#include "wire/wire.h"

struct spk_nb;

/* nb's tables hold attribute sets written for from; the session now
 * writes for to: where the two differ in how attributes are written (RFC
 * 6793: 2- or 4-octet ASes in AS_PATH and AGGREGATOR), every set is decoded
 * in from and encoded again in to.  A set that does not go through is
 * kept as it was, and logged. */
void spk_recode(struct spk_nb *nb, const struct wire_ctx *from, const struct wire_ctx *to);

#endif

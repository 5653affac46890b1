/* Graceful Restart, the receiving side (RFC 4724 §4.2), for speaker.c:
 * what the peer sent is kept stale across a restart of its session, then
 * swept by family (its End-of-RIB, the F bit, a timer).  Not part of the
 * speaker's public surface. */
#ifndef LUABGP_SPEAKER_GRACEFUL_H
#define LUABGP_SPEAKER_GRACEFUL_H

#include <stdint.h>

struct spk_nb;

/* The stale routes of these families are gone (processes see them
 * withdrawn now); why is for the log. */
void spk_gr_sweep(struct spk_nb *nb, uint64_t families, const char *why);
/* The session ended: stale for the peer's Restart Time after a silent TCP
 * loss when both sides advertised the capability, else forgotten. */
void spk_gr_session_lost(struct spk_nb *nb);
/* The session is back: what the new capability does not keep goes, the
 * rest waits for End-of-RIB, at most the stale-path time. */
void spk_gr_session_back(struct spk_nb *nb);

#endif

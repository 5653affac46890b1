/* Export policies (speaker.h, spk_export_policy), for speaker.c: not part
 * of the speaker's public surface. */
#ifndef LUABGP_SPEAKER_EXPORT_H
#define LUABGP_SPEAKER_EXPORT_H

#include <stdbool.h>

struct spk_nb;

/* The routes given since the last time, to the policy (speaker.c's
 * flush, while the session is up). */
void spk_export_pending(struct spk_nb *nb);
/* Nothing given waits for the policy. */
bool spk_export_settled(const struct spk_nb *nb);
/* A session starts: the answers in flight were for the old context, so
 * the policy is asked about everything again and the Adj-RIB-Out is
 * rebuilt from its answers (the peer has nothing yet). */
void spk_export_session_up(struct spk_nb *nb);
/* The speaker goes: the policy's table with it. */
void spk_export_fini(struct spk_nb *nb);

#endif

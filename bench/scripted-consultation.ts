/**
 * A 60-turn curl consultation, scripted: what the client writes on each turn (with the photos
 * it attaches) and what the stand-in model answers. Facts arrive early, as in real
 * consultations; the benchmark then checks they still reach the model at the end.
 */

/** Phrases the client gives in the first turns that must still be in turn 60's prompt. */
export const earlyFacts = ["March 2024", "keratin", "sulfate-free", "coconut oil", "3B"];

const opening: Array<{ text: string; photos: number }> = [
  { text: "Hi! I'm Laura. I'd like a curl consultation before my first appointment with Tata.", photos: 0 },
  { text: "Here are photos of my hair today, front, side and back, dry and unstyled.", photos: 3 },
  { text: "I bleached my ends twice, the last time in March 2024, and the ends still feel like straw.", photos: 0 },
  { text: "Here's one more from the back in daylight.", photos: 1 },
  { text: "I also had a keratin treatment in 2023 that relaxed my curls for months.", photos: 0 },
  { text: "I wash twice a week with a sulfate-free shampoo and a silicone-free conditioner.", photos: 0 },
  { text: "My curl pattern is mostly 3B at the crown and looser 3A underneath.", photos: 0 },
  { text: "Important: I'm allergic to coconut oil, it makes my scalp itch.", photos: 0 },
];

/** Turns 9 to 60: more detail, questions back, and the short replies real chats are full of. */
const later = [
  "I diffuse on low heat most days, maybe 15 minutes.",
  "ok",
  "I use a leave-in and a gel, but the gel leaves a cast I can't always scrunch out.",
  "Mostly frizz at the crown and the ends, especially when it's humid.",
  "yes",
  "I'd like defined curls that last until the next wash day.",
  "About 20 minutes in the morning is all I have.",
  "thanks!",
  "Budget: maybe 60 dollars a month on products.",
  "I have a wedding in June, so I want my curls at their best by then.",
  "Yes, I sleep on a satin pillowcase.",
  "one sec",
  "I swim once a week in a chlorinated pool.",
  "A flat iron for work events, about once a month.",
  "I'd rather not cut too much length, shoulder length at least.",
  "no",
  "My scalp gets oily by day three.",
  "I tried the curly girl method last year for three months.",
  "haha yes",
  "I refresh with water and a little leave-in on day two.",
  "What do you think about rice water rinses?",
  "ok good to know",
  "My mom has the same curls, hers are tighter though.",
  "I'm not sure, maybe?",
  "I detangle in the shower with conditioner and my fingers.",
  "I used to use a brush but stopped last year.",
  "sure",
  "Can Tata also do a color refresh at the same appointment?",
  "I'd prefer weekday afternoons.",
  "thank you",
  "My hair dries in about four hours if I air dry.",
  "I get a lot of shrinkage, maybe 40 percent.",
  "yes please",
  "I've never had a curly cut before, only straight cuts.",
  "The left side is curlier than the right.",
  "got it",
  "I use a microfiber towel to plop for 20 minutes.",
  "Is deep conditioning once a week enough?",
  "ok",
  "I don't like strong fragrances in products.",
  "That sounds great",
  "I think that's everything!",
  "Yes, please send the summary to Tata.",
];
/** What the client sends on `turn` (1-based). */
export function clientScript(turn: number): { text: string; photos: number } {
  const scripted = opening[turn - 1];
  if (scripted) return scripted;
  const photos = turn === 25 ? 2 : turn === 40 || turn === 55 ? 1 : 0;
  if (photos) return { text: `A new photo after today's wash day, turn ${turn}.`, photos };
  return { text: later[(turn - opening.length - 1) % later.length]!, photos: 0 };
}

const questions = [
  "Thank you, that is really helpful to know. How often do you use heat on your hair, like a diffuser or a flat iron?",
  "Got it. Which styling products do you use after washing, and how do you apply them?",
  "That makes sense. Where do you notice frizz or dryness the most?",
  "Lovely. If your curls could look and feel any way after your appointment, what would that be?",
  "Thanks! How much time can you give your hair on a normal morning?",
  "Understood. Is there anything about budget or products you'd like Tata to keep in mind?",
];

/** What the stand-in model answers on `turn`. */
export function assistantScript(turn: number): string {
  return questions[turn % questions.length]!;
}

/** What the stand-in vision model notes for the scripted photos: short fields, as the observer prompt asks. */
const observations = [
  { curl_pattern: "3B crown, looser 3A underneath", density: "medium, fine strands", porosity_and_damage: "dry, frayed, bleached ends", length: "just past shoulders", scalp: "little, at the part", photo_quality: "usable: daylight, sharp, dry", check_in_person: "elasticity of bleached ends" },
  { curl_pattern: "3B ringlets at the sides", density: "medium", porosity_and_damage: "crown frizz, split ends", length: "shoulder length", scalp: "none visible", photo_quality: "usable: indoor, slightly soft, dry", check_in_person: "how the sides clump wet" },
  { curl_pattern: "3A loose curls at the nape", density: "medium to high at the back", porosity_and_damage: "see-through ends", length: "past shoulders at the back", scalp: "none visible", photo_quality: "usable: daylight, sharp, dry", check_in_person: "breakage at the nape" },
  { curl_pattern: "defined 3B after washing", density: "medium", porosity_and_damage: "less frizz, ends still dry", length: "shoulder length, shrunk wet", scalp: "a little at the crown", photo_quality: "usable but wet: daylight, sharp", check_in_person: "the pattern once dry" },
];

/** The observation the stand-in vision model gives for the `n`th photo of the consultation (1-based). */
export function photoObservation(n: number): Record<string, string> {
  return observations[(n - 1) % observations.length]!;
}

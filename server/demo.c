/*
 * demo.c - see demo.h. Builds a fictional organisation in two werkgebieden
 * north of Amsterdam: households with Dutch names from several
 * backgrounds, questions in the families' own words, supporters with their
 * offer, VOG dates and status histories, and koppelingen with their
 * history (see "koppelingen: a practice with history"). All choices come
 * from a small seeded generator (xorshift64*) held in the fill's context;
 * the word lists below are the only place the demo's texts are written
 * down.
 */
#include "demo.h"
#include "demo_effecten.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "gebruikers.h"
#include "gezinnen.h"
#include "fasen.h"
#include "json_spec.h"
#include "koppeling_write.h"
#include "password.h"
#include "postcodes.h"
#include "steun.h"
#include "util.h"
#include "versie.h"

#define N_VRAAG 40u
#define N_AANBOD 40u
#define N_GEZINNEN (N_VRAAG + N_AANBOD)
#define N_AREAS 2
#define MAX_PC4 64
#define MAX_KIDS 4
#define MAX_ADULTS 2

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- the generator ---------------------------------------------------------- */

struct rng {
	uint64_t s;
};

/* Seeds r from seed through one splitmix64 step, so that nearby seeds differ widely. */
static void rng_seed(struct rng *r, unsigned seed)
{
	uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15u;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	z ^= z >> 31;
	r->s = z ? z : 0x9E3779B97F4A7C15u; /* xorshift must not start at zero */
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545F4914F6CDD1Du;
}

/* A number in [0, n); 0 when n is 0. */
static unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)((rng_next(r) >> 32) % n) : 0;
}

/* A number in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)rng_below(r, (unsigned)(hi - lo + 1));
}

/* True with a chance of pct percent. */
static bool rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

/*
 * Marks k of the first n entries in chosen (uniformly, n <= 32), keeping
 * their order, so lists built from it follow the order of the pool.
 */
static void rng_subset(struct rng *r, size_t n, size_t k, bool chosen[32])
{
	memset(chosen, 0, 32 * sizeof chosen[0]);
	if (k > n)
		k = n;
	for (size_t i = 0; i < n && i < 32; i++)
		if (rng_below(r, (unsigned)(n - i)) < k) {
			chosen[i] = true;
			k--;
		}
}

/* --- word lists ------------------------------------------------------------- */

struct strlist {
	const char *const *v;
	size_t n;
};
#define SL(a) { a, COUNT(a) }

static const char *pick(struct rng *r, struct strlist l)
{
	return l.v[rng_below(r, (unsigned)l.n)];
}

/* Names and the home language (NULL: Dutch only) of one background. */
struct herkomst {
	unsigned weight;
	const char *taal;
	struct strlist achternamen, vrouwen, mannen, kinderen;
};

static const char *const nl_achter[] = {
	"de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
	"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "de Graaf",
	"van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Berg", "van Dijk",
	"Schouten", "Kuiper", "Willems", "Hoekstra", "Koster", "Prins", "Huisman", "Kramer", "Groen", "Blom",
	"Koning", "Sluiter", "Zwart", "Schipper", "Brink", "Tol", "Honig", "Rustenburg", "Stam", "Molenaar",
	"Veenstra", "Bosman", "Hoogland", "Post", "van Dam", "Kroon", "Boon", "Klaver", "Wever", "Timmer",
	"Hoekman", "de Ruiter",
};
static const char *const nl_vrouw[] = {
	"Marieke", "Sanne", "Lisa", "Femke", "Anouk", "Linda", "Esther", "Ilse", "Kim", "Sandra", "Wendy",
	"Naomi", "Petra", "Iris", "Mirjam", "Judith", "Eva", "Charlotte", "Monique", "Yvonne", "Ingrid",
	"Annemiek", "Chantal", "Jolanda", "Ria", "Tineke", "Loes", "Hanneke",
};
static const char *const nl_man[] = {
	"Jeroen", "Mark", "Dennis", "Bas", "Thomas", "Joost", "Ruud", "Martijn", "Sander", "Erik", "Wouter",
	"Niels", "Arjen", "Peter", "Rick", "Stefan", "Kees", "Hans", "Jan", "Willem", "Gerard", "Frank",
};
static const char *const nl_kind[] = {
	"Sem", "Noah", "Liam", "Luuk", "Daan", "Finn", "Levi", "Mees", "Julia", "Emma", "Tess", "Sophie", "Mila",
	"Zoë", "Nina", "Saar", "Lotte", "Fenna", "Jesse", "Bram", "Evi", "Olivia", "Lucas", "Tim", "Noor", "Roos",
};
static const char *const tr_achter[] = { "Yılmaz", "Kaya",  "Demir",  "Çelik",   "Doğan", "Öztürk", "Aydın", "Arslan",
					 "Koç",    "Kılıç", "Şahin", "Yıldız", "Özdemir", "Aksoy", "Güneş",  "Polat" };
static const char *const tr_vrouw[] = { "Ayşe", "Elif", "Zeynep", "Fatma", "Hatice", "Esra", "Merve", "Büşra" };
static const char *const tr_man[] = { "Mehmet", "Mustafa", "Emre", "Ahmet", "Hasan", "Burak", "Murat", "Kemal" };
static const char *const tr_kind[] = { "Yusuf", "Eymen", "Elif", "Zeynep", "Defne",
				       "Ömer", "Asya", "Kerem", "Ela", "Miraç" };
static const char *const ma_achter[] = { "El Amrani", "Bouzid", "Benali", "El Idrissi", "Ouali",  "Azzouzi", "Bakkali",
					 "El Ouardi", "Boukhari", "Ziani", "Tahiri", "Essafi", "El Haddouchi", "Aouragh" };
static const char *const ma_vrouw[] = { "Fatima", "Samira", "Nadia", "Khadija", "Naima", "Souad", "Imane", "Hanan" };
static const char *const ma_man[] = { "Mohamed", "Youssef", "Rachid", "Karim", "Said", "Mustapha", "Hamid", "Driss" };
static const char *const ma_kind[] = { "Adam", "Ayoub", "Amira", "Yasmina", "Rayan",
				       "Ilyas", "Nour", "Lina", "Sara", "Bilal" };
static const char *const sr_achter[] = { "Pinas",    "Ramdin",  "Biharie", "Sital",  "Kromodimedjo", "Doelwijt", "Wijngaarde",
					 "Ramsaran", "Jagroep", "Pengel",  "Vreden", "Tjon",         "Sewdien",  "Kartosen" };
static const char *const sr_vrouw[] = { "Sharon", "Priya", "Shanti", "Natasha", "Dewi", "Rachel", "Kavita", "Glenda" };
static const char *const sr_man[] = { "Rajesh", "Glenn", "Sunil", "Romano", "Kevin", "Ravi", "Marciano", "Stanley" };
static const char *const sr_kind[] = { "Jayden", "Naomi", "Aaliyah", "Dylan", "Shaniya",
				       "Rohan", "Kiara", "Dewan", "Xavi", "Zara" };
static const char *const pl_achter[] = { "Nowak",  "Wójcik", "Mazur",  "Krawczyk", "Kaczmarek", "Zając", "Król",
					 "Pawlak", "Sikora", "Baran",  "Wróbel",   "Kubiak",    "Kowal", "Michalak" };
static const char *const pl_vrouw[] = { "Anna", "Katarzyna", "Agnieszka", "Magdalena",
					"Joanna", "Ewa", "Monika", "Karolina" };
static const char *const pl_man[] = { "Piotr", "Tomasz", "Marcin", "Paweł", "Krzysztof", "Łukasz", "Michał", "Adam" };
static const char *const pl_kind[] = { "Zofia", "Jakub", "Antoni", "Maja", "Hanna",
				       "Filip", "Oliwia", "Szymon", "Lena", "Kacper" };
static const char *const er_achter[] = { "Tesfay",  "Tekle",   "Haile",  "Ghebremedhin", "Kidane", "Berhane", "Woldu",
					 "Mehari",  "Asmerom", "Tewelde", "Kahsay",      "Yohannes", "Gebru",  "Tsegay" };
static const char *const er_vrouw[] = { "Senait", "Helen", "Semhar", "Luwam", "Winta", "Saba", "Freweyni", "Meron" };
static const char *const er_man[] = { "Yonas", "Filmon", "Daniel", "Samuel", "Michael", "Robel", "Tesfalem", "Aron" };
static const char *const er_kind[] = { "Abel", "Liya", "Nahom", "Selam", "Eden",
				       "Yafet", "Ruth", "Mussie", "Hermon", "Bethel" };
static const char *const sy_achter[] = { "Haddad",  "Alkhatib", "Al Hussein", "Khalil", "Nasser", "Mansour", "Al Ali",
					 "Sabbagh", "Darwish",  "Hamdan",     "Sayed",  "Kanaan", "Jaber",   "Barakat" };
static const char *const sy_vrouw[] = { "Rana", "Lina", "Layla", "Hiba", "Nour", "Rasha", "Dima", "Maya" };
static const char *const sy_man[] = { "Ahmad", "Omar", "Karim", "Bassam", "Tarek", "Fadi", "Samer", "Rami" };
static const char *const sy_kind[] = { "Yamen", "Sham", "Jude", "Ward", "Tala", "Ammar", "Hamza", "Joud", "Rahaf", "Zain" };

static const struct herkomst herkomsten[] = {
	{ 56, NULL, SL(nl_achter), SL(nl_vrouw), SL(nl_man), SL(nl_kind) },
	{ 10, "tr", SL(tr_achter), SL(tr_vrouw), SL(tr_man), SL(tr_kind) },
	{ 11, "ar", SL(ma_achter), SL(ma_vrouw), SL(ma_man), SL(ma_kind) },
	{ 8, NULL, SL(sr_achter), SL(sr_vrouw), SL(sr_man), SL(sr_kind) },
	{ 6, "pl", SL(pl_achter), SL(pl_vrouw), SL(pl_man), SL(pl_kind) },
	{ 4, "ti", SL(er_achter), SL(er_vrouw), SL(er_man), SL(er_kind) },
	{ 5, "ar", SL(sy_achter), SL(sy_vrouw), SL(sy_man), SL(sy_kind) },
};

static const char *const straten[] = {
	"Kerkstraat", "Dorpsstraat", "Molenstraat", "Schoolstraat", "Lindenlaan", "Eikenlaan", "Beukenlaan",
	"Julianastraat", "Wilhelminastraat", "Prins Hendrikstraat", "Vondelstraat", "Rembrandtlaan",
	"Merelstraat", "Zwaluwstraat", "Tulpstraat", "Narcisstraat", "Spoorstraat", "Havenstraat",
	"Dahliastraat", "Kastanjelaan", "Meeuwenlaan", "Populierenlaan", "Rozenstraat", "Marktstraat",
	"Parklaan", "Vlinderweg", "Goudsbloemstraat", "Sportlaan", "Zeilmakerstraat", "Touwslagerstraat",
};

/* Werkgebieden: the places (PC4 place names) that make up each municipality. */
struct area_def {
	const char *code, *naam, *gemeente;
	int pc4_lo, pc4_hi;
	const char *const *plaatsen; /* NULL-terminated */
	const char *coordinator, *coordinator_naam;
	/* referrers' organisations, by verwijzer code order: wijkteam .. anders */
	const char *const *organisaties;
};

static const char *const zaanstad_plaatsen[] = { "Zaandam",  "Koog aan de Zaan", "Zaandijk",  "Wormerveer",
						 "Krommenie", "Assendelft",       "Westzaan", NULL };
static const char *const purmerend_plaatsen[] = { "Purmerend",      "Zuidoostbeemster", "Middenbeemster",
						  "Westbeemster", "Noordbeemster",    NULL };
static const char *const zaanstad_org[] = { "Wijkteam Zaandam Oost", "Jeugdteam Zaanstad", "Basisschool De Regenboog",
					    "Huisartsenpraktijk Rosmolen", "Huisartsenpraktijk Krommenie",
					    "JGZ Zaanstreek-Waterland", "Voedselbank Zaanstreek", "Buurthuis De Pelikaan" };
static const char *const purmerend_org[] = { "Sociaal wijkteam Weidevenne", "Jeugdteam Purmerend", "Basisschool De Ster",
					     "Huisartsenpraktijk Wheermolen", "Huisartsenpraktijk Overwhere",
					     "JGZ Zaanstreek-Waterland", "Voedselbank Purmerend", "Kinderopvang Het Vlot" };

static const struct area_def area_defs[N_AREAS] = {
	{ "ZAANSTAD", "Zaanstad", "Zaanstad", 1500, 1569, zaanstad_plaatsen, "coord-zaanstad", "Fleur Hoogendijk",
	  zaanstad_org },
	{ "PUR", "Purmerend", "Purmerend", 1440, 1469, purmerend_plaatsen, "coord-purmerend", "Ruben Kaptein",
	  purmerend_org },
};

/* Referrers with their weight; organisation index into area_def.organisaties, -1 for none. */
static const struct {
	const char *code;
	unsigned weight;
	int org;
} verwijzers[] = {
	{ "zelf", 20, -1 },    { "wijkteam", 25, 0 }, { "jeugdteam", 14, 1 }, { "school", 12, 2 }, { "huisarts", 6, 3 },
	{ "poh-ggz", 5, 4 },   { "jgz", 8, 5 },       { "voedselbank", 6, 6 }, { "anders", 4, 7 },
};

/* What a vraaggezin asks, in its own words; {kind} is the child the question is mostly about. */
struct vraag_tmpl {
	const char *tekst;
	int min_age, max_age; /* of that child */
	bool eenouder;        /* said by a single parent */
	int min_kinderen;
	bool dieren;          /* asks for animals: no wish to avoid pets */
	const char *frequentie;
	const char *steunvormen[4]; /* NULL-padded */
	const char *dagdelen[6];    /* NULL-padded, in week order */
	bool thuistaal;             /* said by a family with a home language besides Dutch */
};

static const struct vraag_tmpl vragen[] = {
	{ "Ik sta er sinds de scheiding alleen voor en werk drie dagen in de week. {kind} zou het leuk vinden om een "
	  "middag in de week bij een ander gezin te spelen, en ik kan dan even op adem komen.",
	  3, 11, true, 1, false, "wekelijks", { "opvang-overdag", "spelen-met-andere-kinderen" },
	  { "ma-middag", "wo-middag", "vr-middag" }, false },
	{ "Mijn familie woont ver weg. Ik zou graag een gezin in de buurt leren kennen waar {kind} af en toe een "
	  "weekend mag logeren, en waar ik zelf ook eens mee kan praten.",
	  2, 12, false, 1, false, "maandelijks", { "weekendopvang", "netwerk-uitbreiden", "luisterend-oor" },
	  { "vr-nacht", "za-middag", "za-nacht" }, false },
	{ "Er is thuis veel aandacht nodig voor een van de kinderen, en {kind} schiet er soms een beetje bij in. Het "
	  "zou mooi zijn als iemand een vaste middag alleen met {kind} leuke dingen doet.",
	  3, 10, false, 2, false, "wekelijks", { "extra-aandacht-kind", "spelen-met-andere-kinderen" },
	  { "wo-middag", "za-ochtend" }, false },
	{ "Ik wil graag beter Nederlands leren, zodat ik brieven van school en de gemeente zelf kan lezen. Iemand die "
	  "daarbij helpt en af en toe meegaat naar een afspraak zou heel fijn zijn.",
	  0, 17, false, 1, false, "wekelijks", { "taal", "administratie-en-geld", "mee-naar-instanties" },
	  { "ma-avond", "di-ochtend", "do-ochtend" }, true },
	{ "Met de post en de rekeningen raak ik soms het overzicht kwijt. Ik zoek iemand die eens in de twee weken met "
	  "me aan tafel gaat zitten om alles op een rij te zetten.",
	  0, 17, false, 1, false, "tweewekelijks", { "administratie-en-geld", "praktische-hulp" },
	  { "di-avond", "do-avond" }, false },
	{ "{kind} vindt lezen lastig en ik kan thuis niet goed helpen met huiswerk. Een vaste middag met iemand die "
	  "rustig meeleest, zou veel schelen.",
	  6, 14, false, 1, false, "wekelijks", { "huiswerk-en-lezen", "extra-aandacht-kind" },
	  { "ma-middag", "di-middag", "do-middag" }, false },
	{ "Ik werk in ploegendiensten en de avonden zijn soms lastig te regelen. Het zou een hele steun zijn als {kind} "
	  "op die momenten naar een vast adres kan.",
	  4, 12, true, 1, false, "wekelijks", { "opvang-overdag", "praktische-hulp" },
	  { "ma-avond", "di-avond", "wo-avond" }, false },
	{ "We zijn net verhuisd en kennen hier nog bijna niemand. We zouden graag een gezin leren kennen waar {kind} "
	  "mee kan spelen en waar wij ook eens een kop koffie drinken.",
	  2, 12, false, 1, false, "tweewekelijks", { "netwerk-uitbreiden", "spelen-met-andere-kinderen" },
	  { "za-ochtend", "zo-middag" }, false },
	{ "Soms twijfel ik of ik het goed doe met opvoeden, nu {kind} ouder wordt en meer zelf wil. Ik zou graag met "
	  "een ervaren ouder kunnen sparren.",
	  10, 17, false, 1, false, "tweewekelijks", { "opvoedsteun", "luisterend-oor" }, { "di-avond", "do-avond" }, false },
	{ "{kind} is graag buiten en houdt van dieren, maar in onze flat kan dat niet. Een gezin met een tuin of een "
	  "hond waar {kind} af en toe mag komen, zou {kind} heel blij maken.",
	  4, 12, false, 1, true, "tweewekelijks", { "extra-aandacht-kind", "spelen-met-andere-kinderen" },
	  { "wo-middag", "za-middag" }, false },
	{ "Ik ben alleen met de kinderen en de weekenden zijn lang. Eens per maand een weekend waarin {kind} ergens "
	  "logeert, zou mij de rust geven om bij te tanken.",
	  3, 12, true, 2, false, "maandelijks", { "weekendopvang" }, { "vr-nacht", "za-nacht" }, false },
	{ "Ik heb zelf geen makkelijke jeugd gehad en wil het voor mijn kinderen anders doen. Ik zoek iemand die dat "
	  "herkent en met me meedenkt.",
	  0, 17, false, 2, false, "tweewekelijks", { "opvoedsteun", "luisterend-oor" }, { "di-avond", "wo-ochtend" }, false },
	{ "We hebben het thuis druk met werk en de zorg voor mijn moeder. {kind} mist soms wat aandacht. Een vaste "
	  "middag bij een ander gezin zou {kind} goed doen.",
	  4, 12, false, 1, false, "wekelijks", { "extra-aandacht-kind", "opvang-overdag" }, { "wo-middag", "vr-middag" }, false },
	{ "Afspraken bij instanties vind ik spannend; ik begrijp niet altijd wat er van me verwacht wordt. Het zou "
	  "helpen als iemand af en toe meegaat en achteraf met me doorneemt wat er is gezegd.",
	  0, 17, false, 1, false, "maandelijks", { "mee-naar-instanties", "luisterend-oor" },
	  { "ma-ochtend", "di-ochtend", "do-ochtend" }, false },
	{ "Er moet van alles in huis gebeuren: een kast ophangen, de tuin opruimen. Alleen krijg ik dat niet voor "
	  "elkaar. De kinderen helpen graag mee.",
	  0, 17, true, 2, false, "maandelijks", { "klussen", "praktische-hulp" }, { "za-ochtend", "za-middag" }, false },
	{ "{kind} zit in groep 8 en gaat volgend jaar naar de middelbare school. Ik wil {kind} daar goed bij helpen, "
	  "met plannen en huiswerk.",
	  11, 12, false, 1, false, "wekelijks", { "huiswerk-en-lezen", "opvoedsteun" }, { "di-middag", "do-middag" }, false },
	{ "{kind} is een vrolijk kind maar speelt vaak alleen. We hopen op een gezin met kinderen van ongeveer dezelfde "
	  "leeftijd, waar {kind} samen kan spelen.",
	  3, 10, false, 1, false, "wekelijks", { "spelen-met-andere-kinderen", "opvang-overdag" },
	  { "wo-middag", "za-ochtend" }, false },
	{ "Na een drukke periode willen we als gezin weer rust vinden. Een steungezin dat om de week een middag met "
	  "{kind} optrekt, zou ons allemaal lucht geven.",
	  2, 12, false, 1, false, "tweewekelijks", { "opvang-overdag", "extra-aandacht-kind" },
	  { "wo-middag", "zo-middag" }, false },
	{ "Sinds {kind} er is, hebben we veel vragen: over slapen, eten en spelen. Onze familie woont niet in de "
	  "buurt. Iemand om af en toe mee te praten zou fijn zijn.",
	  0, 3, false, 1, false, "wekelijks", { "opvoedsteun", "luisterend-oor", "netwerk-uitbreiden" },
	  { "ma-ochtend", "wo-ochtend", "vr-ochtend" }, false },
	{ "{kind} wil graag op voetbal of zwemles, maar wij weten niet goed hoe je dat regelt en wat er vergoed wordt. "
	  "Iemand die meedenkt en {kind} af en toe meeneemt, zou geweldig zijn.",
	  6, 14, false, 1, false, "wekelijks", { "extra-aandacht-kind", "administratie-en-geld", "praktische-hulp" },
	  { "wo-middag", "za-ochtend" }, false },
	{ "Ik wil graag weer aan het werk, maar dan moet de opvang rond zijn. Twee vaste middagen waarop {kind} na "
	  "school bij een ander gezin kan zijn, zouden het verschil maken.",
	  4, 12, true, 1, false, "wekelijks", { "opvang-overdag" }, { "ma-middag", "di-middag", "do-middag" }, false },
	{ "Sinds het overlijden van mijn partner is alles anders. De kinderen en ik zoeken een plek waar het gewoon "
	  "gezellig is, en iemand die af en toe naar ons luistert.",
	  3, 16, true, 2, false, "tweewekelijks", { "luisterend-oor", "netwerk-uitbreiden", "weekendopvang" },
	  { "za-middag", "za-nacht", "zo-middag" }, false },
	{ "{kind} heeft veel energie en ik weet soms niet goed hoe ik daarmee om moet gaan. Een middag per week lekker "
	  "buiten spelen bij iemand anders, en een paar tips voor thuis, zou ons goed doen.",
	  3, 10, false, 1, false, "wekelijks", { "opvoedsteun", "spelen-met-andere-kinderen" },
	  { "wo-middag", "za-middag" }, false },
	{ "De kinderen zijn om de week bij mij. In mijn weken wil ik er echt voor ze zijn, maar ik werk ook. Een gezin "
	  "dat op woensdagmiddag kan inspringen, zou mij enorm helpen.",
	  4, 12, true, 2, false, "tweewekelijks", { "opvang-overdag", "praktische-hulp" }, { "wo-middag" }, false },
};

/*
 * A free text that fits some households: the age of {kind}, the number of
 * children, single parents only, and wie: 0 anyone, 'n' a family with a
 * home language besides Dutch, 'm' a Muslim family, 'k' any other.
 */
struct tekst {
	const char *t;
	int min_age, max_age;
	int min_kinderen;
	bool eenouder;
	char wie;
};

static const struct tekst wat_gaat_goed[] = {
	{ "We wonen in een fijne buurt met een speeltuin voor de deur.", 0, 17, 1, false, 0 },
	{ "{kind} gaat met plezier naar school en heeft een paar goede vriendjes.", 5, 17, 1, false, 0 },
	{ "We lachen veel samen. De kinderen helpen goed mee in huis.", 6, 17, 2, false, 0 },
	{ "Ik heb sinds kort een vaste baan en dat geeft rust.", 0, 17, 1, false, 0 },
	{ "{kind} is dol op tekenen en kan zich daar uren mee vermaken.", 3, 14, 1, false, 0 },
	{ "Onze ochtenden lopen goed: iedereen is op tijd op school.", 5, 17, 1, false, 0 },
	{ "We koken samen en eten elke avond met z'n allen aan tafel.", 0, 17, 1, false, 0 },
	{ "De kinderen kunnen goed met elkaar opschieten.", 4, 17, 2, false, 0 },
	{ "{kind} zit op voetbal en gaat daar twee keer per week heen.", 6, 17, 1, false, 0 },
	{ "Ik ben goed in het regelen van praktische zaken en vraag hulp als dat nodig is.", 0, 17, 1, false, 0 },
	{ "We hebben een fijn contact met de juf van {kind}.", 4, 12, 1, false, 0 },
	{ "Ik volg een taalcursus en merk dat het steeds beter gaat.", 0, 17, 1, false, 'n' },
	{ "Op zondag gaan we vaak met z'n allen naar het park of het strand.", 0, 17, 1, false, 0 },
	{ "{kind} is zorgzaam en helpt graag mee in huis.", 5, 17, 1, false, 0 },
	{ "Ondanks de drukte houden we vast aan vaste bedtijden, en dat werkt.", 0, 12, 1, false, 0 },
	{ "{kind} zwemt graag en heeft net het A-diploma gehaald.", 6, 10, 1, false, 0 },
	{ "{kind} slaapt goed door en is een vrolijke peuter.", 1, 3, 1, false, 0 },
	{ "Het consultatiebureau is tevreden over hoe {kind} groeit.", 0, 3, 1, false, 0 },
};

static const struct tekst netwerk_teksten[] = {
	{ "Ik heb een goede vriendin met wie ik veel praat.", 0, 17, 1, false, 0 },
	{ "Mijn zus woont in Amsterdam en springt soms bij, maar ze werkt fulltime.", 0, 17, 1, false, 0 },
	{ "Mijn ouders wonen in het buitenland; we bellen elke week.", 0, 17, 1, false, 'n' },
	{ "Een buurvrouw haalt {kind} soms uit school.", 4, 11, 1, false, 0 },
	{ "Er is weinig familie in de buurt; de meeste contacten lopen via school.", 4, 17, 1, false, 0 },
	{ "De vader van de kinderen ziet ze om het weekend.", 0, 17, 2, true, 0 },
	{ "Oma helpt op maandag, maar dat wordt haar te zwaar.", 0, 17, 1, false, 0 },
	{ "We kennen een paar ouders van het schoolplein, maar nog niet goed.", 4, 12, 1, false, 0 },
	{ "Via de moskee hebben we een paar kennissen.", 0, 17, 1, false, 'm' },
	{ "Mijn broer komt af en toe helpen met klusjes.", 0, 17, 1, false, 0 },
	{ "Vrienden van vroeger wonen verder weg; we zien ze een paar keer per jaar.", 0, 17, 1, false, 0 },
	{ "Via de kerk kennen we een paar gezinnen.", 0, 17, 1, false, 'k' },
};

static const struct tekst hulp_vrijwillig[] = {
	{ "Het wijkteam denkt mee over de financiën.", 0, 17, 1, false, 0 },
	{ "Een gezinscoach via het jeugdteam komt eens per twee weken langs.", 0, 17, 1, false, 0 },
	{ "Schoolmaatschappelijk werk heeft een paar gesprekken gehad met {kind}.", 6, 17, 1, false, 0 },
	{ "Begeleiding bij schulden via de gemeente.", 0, 17, 1, false, 0 },
	{ "Opvoedondersteuning via het consultatiebureau.", 0, 3, 1, false, 0 },
};

static const struct tekst wensen_anders[] = {
	{ "Het liefst een gezin met kinderen.", 0, 17, 1, false, 0 },
	{ "Graag iemand met geduld; {kind} moet even wennen aan nieuwe mensen.", 0, 17, 1, false, 0 },
	{ "Liefst dichtbij, zodat {kind} er zelf naartoe kan fietsen.", 9, 17, 1, false, 0 },
	{ "Graag iemand die ook buiten met {kind} op pad gaat.", 2, 14, 1, false, 0 },
};

/* Court-ordered help: about the family, not one child. */
static const char *const hulp_gedwongen[] = {
	"Er is een gezinsvoogd betrokken; die weet van deze aanmelding en steunt die.",
	"Een ondertoezichtstelling loopt nog tot het voorjaar; de gezinsvoogd denkt mee over de steun.",
};

static const char *const ervaringsthemas[] = {
	"alleenstaand ouderschap", "scheiding en omgangsregeling", "schulden en rondkomen", "nieuw in Nederland",
	"opvoeden in twee culturen", "jong ouderschap", "werkloosheid", "verhuizen en opnieuw beginnen",
	"rouw in het gezin", "mantelzorg naast het gezin", "pubers in huis", "een kind dat extra zorg nodig heeft",
	"hulp van het jeugdteam gehad", "opgroeien zonder eigen netwerk",
};

static const char *const interesses[] = {
	"koken", "bakken", "voetbal", "zwemmen", "fietsen", "wandelen", "tuinieren", "knutselen", "voorlezen",
	"bordspellen", "muziek maken", "natuur en dieren", "dansen", "kamperen", "tekenen en schilderen",
	"naar de kinderboerderij", "klussen", "schaken", "hockey", "vissen",
};

static const char *const wervingsbronnen[] = {
	"Via de buurtapp", "Artikel in de lokale krant", "Informatieavond in de bibliotheek",
	"Via vrienden die ook steungezin zijn", "Vrijwilligersvacaturebank", "Via de kerk",
	"Oproep op de website van de gemeente", "Via school", "Flyer bij de huisarts", "Sociale media",
};

static const char *const maanden[12] = { "januari", "februari", "maart",     "april",   "mei",      "juni",
					  "juli",    "augustus", "september", "oktober", "november", "december" };

/* Why someone volunteers; the first of each list fits anyone. */
struct motivatie {
	const char *t;
	int min_leeftijd, max_leeftijd;
	int kinderen;    /* 1: children at home, -1: none at home, 0: either */
	bool thuistaal;  /* said by someone with a home language besides Dutch */
};

/* The supporting roles, with what each typically offers. */
struct soort_def {
	const char *rol;
	unsigned weight;
	const char *steunvormen[8];
	const char *dagdelen[8]; /* week order */
	int leeftijden[4][2];    /* age ranges of children they take on */
	struct motivatie motivaties[4]; /* t NULL after the last */
	const char *training;
};

static const struct soort_def soorten[] = {
	{ "steungezin", 30,
	  { "opvang-overdag", "weekendopvang", "netwerk-uitbreiden", "spelen-met-andere-kinderen", "extra-aandacht-kind",
	    "huiswerk-en-lezen", "praktische-hulp" },
	  { "ma-middag", "wo-middag", "vr-middag", "vr-nacht", "za-ochtend", "za-middag", "za-nacht", "zo-middag" },
	  { { 0, 4 }, { 2, 10 }, { 4, 12 }, { 6, 16 } },
	  { { "Er is bij ons ruimte in huis en in ons hoofd. We willen graag iets betekenen voor een gezin in de buurt.",
	      0, 99, 0, false },
	    { "Wij hadden veel aan de hulp van familie toen de kinderen klein waren. Dat gunnen we een ander gezin ook.",
	      45, 99, 0, false },
	    { "Bij ons is het altijd druk en gezellig; een kind extra aan tafel maakt dat alleen maar leuker.", 0, 99, 1,
	      false },
	    { "De kinderen zijn het huis uit en we missen de drukte. Een middag in de week maken we graag vrij.", 52, 99,
	      -1, false } },
	  "Basistraining steungezinnen (twee avonden)" },
	{ "steunmaatje", 25,
	  { "opvang-overdag", "spelen-met-andere-kinderen", "extra-aandacht-kind", "taal", "huiswerk-en-lezen",
	    "klussen" },
	  { "ma-middag", "di-middag", "wo-middag", "do-middag", "za-ochtend", "za-middag" },
	  { { 4, 12 }, { 6, 16 }, { 8, 17 }, { 0, 12 } },
	  { { "Ik heb zelf geen kinderen, maar vind het heerlijk om met kinderen op te trekken.", 0, 99, 0, false },
	    { "Ik studeer pedagogiek en wil naast mijn studie graag iets doen voor een kind in de wijk.", 0, 28, 0, false },
	    { "Sinds mijn pensioen heb ik tijd over. Ik lees graag voor en ben graag buiten.", 63, 99, 0, false } },
	  "Basistraining steunmaatjes" },
	{ "buddy", 25,
	  { "netwerk-uitbreiden", "praktische-hulp", "opvoedsteun", "luisterend-oor", "mee-naar-instanties",
	    "administratie-en-geld", "taal", "klussen" },
	  { "ma-ochtend", "di-ochtend", "di-avond", "wo-avond", "do-ochtend", "do-avond", "vr-ochtend" },
	  { { 0, 17 }, { 0, 12 }, { 4, 17 }, { 0, 17 } },
	  { { "Ik weet hoe eenzaam het kan zijn als je er alleen voor staat. Ik wil graag een luisterend oor en een "
	      "steuntje in de rug zijn.",
	      0, 99, 0, false },
	    { "In mijn werk heb ik veel met administratie te maken; die kennis zet ik graag in voor iemand die daar "
	      "hulp bij kan gebruiken.",
	      0, 66, 0, false },
	    { "Ik ben zelf ooit nieuw in Nederland geweest en weet hoe ingewikkeld alles dan is.", 0, 99, 0, true } },
	  "Training buddy's: luisteren en meedenken" },
	{ "estafettegezin", 20,
	  { "netwerk-uitbreiden", "spelen-met-andere-kinderen", "opvoedsteun", "luisterend-oor", "praktische-hulp" },
	  { "di-avond", "wo-ochtend", "wo-avond", "do-avond", "za-ochtend", "zo-middag" },
	  { { 0, 12 }, { 0, 17 }, { 4, 16 }, { 2, 12 } },
	  { { "Een paar jaar geleden zaten wij zelf in een lastige periode. Wat ons toen hielp, willen we doorgeven.", 0,
	      99, 0, false },
	    { "We hebben veel geleerd van onze eigen hulpperiode. Het is fijn om te praten met iemand die het echt "
	      "begrijpt.",
	      0, 99, 0, false },
	    { "Het gaat nu goed met ons gezin. Ik wil graag laten zien dat het beter kan worden.", 0, 99, 0, false } },
	  "Training estafettegezinnen: van ervaring naar steun" },
};

/* --- the fill's context ----------------------------------------------------- */

struct area {
	int64_t id;          /* werkgebied */
	int64_t coordinator; /* user id */
	int pc4[MAX_PC4];
	char plaats[MAX_PC4][101];
	size_t n_pc4;
	unsigned vraag, aanbod; /* gezinnen written */
};

enum vog_state { VOG_GELDIG, VOG_ONTBREEKT, VOG_VERLOPEN, VOG_AANGEVRAAGD };

struct demo {
	struct rng rng;
	struct kp_conn *w;
	struct kp_actor actor;
	struct kp_date today;
	char today_s[16];
	struct area areas[N_AREAS];
	bool build_failed; /* a JSON value could not be made */
	char *err;
	size_t errlen;
	/* for the summary */
	unsigned vraag_status[3];  /* aangemeld, intake, wachtend */
	unsigned aanbod_status[4]; /* aangemeld, screening, beschikbaar, pauze */
	unsigned aanbod_soort[COUNT(soorten)];
	unsigned vog[4];           /* supporting adults by enum vog_state */
	bool vog_bijna[N_AREAS];   /* a supporter's VOG runs out within a few months */
	const char *achternamen[N_GEZINNEN]; /* of the first adult of each gezin, to keep names apart */
	size_t n_achternamen;
	unsigned koppelingen[KP_FASE_COUNT]; /* made, by the phase they ended in */
	unsigned niet_gelukt;                /* koppelingen no pair could make */
	unsigned gehouden;                   /* evaluations recorded as held */
	unsigned zorgsignalen;
	unsigned te_laat; /* evaluations planned by hand that went by without being logged */
};

/* One gezin to write: its side, werkgebied and registration date, decided up front so ids follow registration. */
struct plan {
	bool vraag;
	int area;
	int soort; /* index into soorten, supporting side */
	int dagen; /* registered this many days ago */
	unsigned volgorde;
};

struct persoon {
	char voornaam[64], achternaam[64];
	int leeftijd;
	char geboortedatum[11];
	bool vrouw, kind, steun_voor;
	char vog[11]; /* "" when none */
};

/* --- small helpers ------------------------------------------------------------ */

static void put(struct demo *d, json_t *obj, const char *key, json_t *v)
{
	if (!v || json_object_set_new(obj, key, v) != 0)
		d->build_failed = true;
}

static void put_str(struct demo *d, json_t *obj, const char *key, const char *s)
{
	put(d, obj, key, json_string(s));
}

static void push(struct demo *d, json_t *arr, json_t *v)
{
	if (!v || json_array_append_new(arr, v) != 0)
		d->build_failed = true;
}

static json_t *str_array(struct demo *d, const char *const *v, const bool *chosen, size_t n)
{
	json_t *arr = json_array();
	if (!arr)
		d->build_failed = true;
	for (size_t i = 0; arr && i < n; i++)
		if (!chosen || chosen[i])
			push(d, arr, json_string(v[i]));
	return arr;
}

static size_t count_non_null(const char *const *v, size_t max)
{
	size_t n = 0;
	while (n < max && v[n])
		n++;
	return n;
}

static struct kp_date days_ago(const struct demo *d, int n)
{
	return kp_date_add_days(d->today, -n);
}

/* The later of a and b, but never after today. */
static struct kp_date clamp_today(const struct demo *d, struct kp_date a)
{
	return kp_date_cmp(a, d->today) > 0 ? d->today : a;
}

static struct kp_date date_max(struct kp_date a, struct kp_date b)
{
	return kp_date_cmp(a, b) >= 0 ? a : b;
}

/* Copies tmpl into buf, replacing every "{kind}" with kind. Truncates to fit. */
static const char *subst(const char *tmpl, const char *kind, char *buf, size_t len)
{
	size_t used = 0;
	for (const char *p = tmpl; *p && used + 1 < len;) {
		if (strncmp(p, "{kind}", 6) == 0) {
			int k = snprintf(buf + used, len - used, "%s", kind);
			used = k < 0 ? used : (size_t)k >= len - used ? len - 1 : used + (size_t)k;
			p += 6;
		} else {
			buf[used++] = *p++;
		}
	}
	buf[used] = '\0';
	return buf;
}

/*
 * Appends the lower-case ASCII form of name to buf (letters only: spaces,
 * hyphens and apostrophes dropped, accented letters folded), for e-mail
 * addresses. Returns the new length.
 */
static size_t ascii_fold(const char *name, char *buf, size_t used, size_t len)
{
	static const struct {
		const char *utf8;
		char ascii;
	} folds[] = {
		{ "ı", 'i' }, { "İ", 'i' }, { "ç", 'c' }, { "Ç", 'c' }, { "ğ", 'g' }, { "ö", 'o' }, { "Ö", 'o' },
		{ "ü", 'u' }, { "Ü", 'u' }, { "ş", 's' }, { "Ş", 's' }, { "ó", 'o' }, { "ą", 'a' }, { "ł", 'l' },
		{ "Ł", 'l' }, { "ë", 'e' }, { "é", 'e' }, { "ï", 'i' },
	};
	for (const unsigned char *p = (const unsigned char *)name; *p && used + 1 < len;) {
		if (*p < 0x80) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				buf[used++] = (char)(*p | 0x20);
			p++;
			continue;
		}
		size_t i;
		for (i = 0; i < COUNT(folds); i++) {
			size_t n = strlen(folds[i].utf8);
			if (strncmp((const char *)p, folds[i].utf8, n) == 0) {
				buf[used++] = folds[i].ascii;
				p += n;
				break;
			}
		}
		if (i == COUNT(folds)) /* an unknown letter: skip its whole UTF-8 sequence */
			for (p++; (*p & 0xC0) == 0x80; p++)
				;
	}
	buf[used] = '\0';
	return used;
}

/* A made-up address under example.nl for a person, in one of a few common shapes. */
static void email_for(struct demo *d, const struct persoon *p, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	switch (rng_below(&d->rng, 4)) {
	case 0:
		n = ascii_fold(p->voornaam, buf, n, len);
		if (n + 1 < len)
			buf[n++] = '.';
		n = ascii_fold(p->achternaam, buf, n, len);
		break;
	case 1: {
		char first[64];
		ascii_fold(p->voornaam, first, 0, sizeof first);
		if (len > 2) {
			buf[n++] = first[0] ? first[0] : 'x';
			buf[n++] = '.';
			buf[n] = '\0';
		}
		n = ascii_fold(p->achternaam, buf, n, len);
		break;
	}
	case 2: {
		n = ascii_fold(p->voornaam, buf, n, len);
		int k = snprintf(buf + n, len - n, "%02d", atoi(p->geboortedatum) % 100); /* birth year */
		n = k > 0 && (size_t)k < len - n ? n + (size_t)k : n;
		break;
	}
	default:
		n = ascii_fold(p->achternaam, buf, n, len);
		if (n + 1 < len)
			buf[n++] = '.';
		n = ascii_fold(p->voornaam, buf, n, len);
		break;
	}
	snprintf(buf + n, len - n, "@example.nl");
}

/* A Dutch mobile number, "06 12345678". */
static void telefoon(struct demo *d, char buf[16])
{
	snprintf(buf, 16, "06 %08u", 10000000u + rng_below(&d->rng, 60000000u));
}

/* A postcode in a real PC4 area of the werkgebied: "1234 AB" (never SA, SD or SS), with its place. */
static const char *postcode(struct demo *d, const struct area *a, char buf[8])
{
	static const char letters[] = "ABCDEGHJKLMNPRSTVWXZ";
	size_t i = rng_below(&d->rng, (unsigned)a->n_pc4);
	char l1, l2;
	do {
		l1 = letters[rng_below(&d->rng, sizeof letters - 1)];
		l2 = letters[rng_below(&d->rng, sizeof letters - 1)];
	} while (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'));
	snprintf(buf, 8, "%04u %c%c", (unsigned)a->pc4[i] % 10000u, l1, l2);
	return a->plaats[i];
}

/* Fills p as a person of age leeftijd, born on a day that gives exactly that age today. */
static void set_age(struct demo *d, struct persoon *p, int leeftijd)
{
	p->leeftijd = leeftijd;
	struct kp_date b = kp_date_add_months(d->today, -12 * leeftijd);
	b = kp_date_add_days(b, -(int)rng_below(&d->rng, 365));
	if (kp_age_years(b, d->today) != leeftijd) /* around 29 February */
		b = kp_date_add_days(b, 1);
	kp_date_format(b, p->geboortedatum);
}

/*
 * A surname of h that no gezin has been named after yet: a random one, or
 * the next free one after it in the list (the random one when all are
 * taken). It is then taken.
 */
static const char *new_achternaam(struct demo *d, const struct herkomst *h)
{
	size_t start = rng_below(&d->rng, (unsigned)h->achternamen.n);
	const char *a = h->achternamen.v[start];
	for (size_t k = 0; k < h->achternamen.n; k++) {
		const char *cand = h->achternamen.v[(start + k) % h->achternamen.n];
		bool taken = false;
		for (size_t i = 0; i < d->n_achternamen && !taken; i++)
			taken = strcmp(d->achternamen[i], cand) == 0;
		if (!taken) {
			a = cand;
			break;
		}
	}
	if (d->n_achternamen < COUNT(d->achternamen))
		d->achternamen[d->n_achternamen++] = a;
	return a;
}

/* Fills p as an adult of background h; achternaam NULL: a random surname of h. */
static void make_adult(struct demo *d, struct persoon *p, const struct herkomst *h, bool vrouw, const char *achternaam,
		       int leeftijd)
{
	memset(p, 0, sizeof *p);
	p->vrouw = vrouw;
	snprintf(p->voornaam, sizeof p->voornaam, "%s", pick(&d->rng, vrouw ? h->vrouwen : h->mannen));
	snprintf(p->achternaam, sizeof p->achternaam, "%s",
		 achternaam ? achternaam : pick(&d->rng, h->achternamen));
	set_age(d, p, leeftijd);
}

/*
 * Adds up to n children aged 0..max_age (distinct ages, oldest first) with
 * distinct first names to leden starting at index *count.
 */
static void make_children(struct demo *d, const struct herkomst *h, int n, int max_age, struct persoon *leden,
			  size_t *count)
{
	if (max_age > 17)
		max_age = 17;
	if (max_age < 0)
		return;
	if (n > max_age + 1)
		n = max_age + 1;
	bool chosen[32];
	rng_subset(&d->rng, (size_t)max_age + 1, (size_t)n, chosen);
	for (int age = max_age; age >= 0 && *count < MAX_ADULTS + MAX_KIDS; age--) {
		if (!chosen[age])
			continue;
		struct persoon *k = &leden[(*count)++];
		memset(k, 0, sizeof *k);
		k->kind = true;
		for (int tries = 0; tries < 8; tries++) {
			snprintf(k->voornaam, sizeof k->voornaam, "%s", pick(&d->rng, h->kinderen));
			bool taken = false;
			for (size_t j = 0; j + 1 < *count; j++)
				taken |= strcmp(leden[j].voornaam, k->voornaam) == 0;
			if (!taken)
				break;
		}
		set_age(d, k, age);
	}
}

/* True when some surname of h has not named a gezin yet. */
static bool achternaam_vrij(const struct demo *d, const struct herkomst *h)
{
	for (size_t k = 0; k < h->achternamen.n; k++) {
		bool taken = false;
		for (size_t i = 0; i < d->n_achternamen && !taken; i++)
			taken = strcmp(d->achternamen[i], h->achternamen.v[k]) == 0;
		if (!taken)
			return true;
	}
	return false;
}

/* A background by weight; the first (most common) one when every surname of the drawn one is in use. */
static const struct herkomst *pick_herkomst(struct demo *d)
{
	unsigned total = 0;
	for (size_t i = 0; i < COUNT(herkomsten); i++)
		total += herkomsten[i].weight;
	unsigned x = rng_below(&d->rng, total);
	for (size_t i = 0; i < COUNT(herkomsten); i++) {
		if (x < herkomsten[i].weight)
			return achternaam_vrij(d, &herkomsten[i]) ? &herkomsten[i] : &herkomsten[0];
		x -= herkomsten[i].weight;
	}
	return &herkomsten[0];
}

/* "de Vries" -> "De Vries": a surname standing alone starts with a capital. */
static void capitalised(const char *achternaam, char *buf, size_t len)
{
	snprintf(buf, len, "%s", achternaam);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

static json_t *leden_json(struct demo *d, const struct persoon *leden, size_t n, bool aanbod)
{
	json_t *arr = json_array();
	if (!arr)
		d->build_failed = true;
	for (size_t i = 0; arr && i < n; i++) {
		const struct persoon *p = &leden[i];
		json_t *l = json_object();
		put_str(d, l, "soort", p->kind ? "kind" : "volwassene");
		put_str(d, l, "voornaam", p->voornaam);
		put_str(d, l, "geboortedatum", p->geboortedatum);
		if (p->kind) {
			put(d, l, "woontThuis", json_true());
			put(d, l, "steunVoor", json_boolean(p->steun_voor));
		} else {
			put_str(d, l, "achternaam", p->achternaam);
			if (rng_pct(&d->rng, 95)) {
				char tel[16];
				telefoon(d, tel);
				put_str(d, l, "telefoon", tel);
			}
			if (rng_pct(&d->rng, 80)) {
				char mail[160];
				email_for(d, p, mail, sizeof mail);
				put_str(d, l, "email", mail);
			}
			if (aanbod)
				put(d, l, "vogDatum", p->vog[0] ? json_string(p->vog) : json_null());
		}
		push(d, arr, l);
	}
	return arr;
}

/* The address: a made-up street and number in a real PC4 area of the werkgebied. */
static json_t *adres_json(struct demo *d, const struct area *a, const struct area_def *def)
{
	char pc[8], nr[16];
	const char *plaats = postcode(d, a, pc);
	static const char *const toevoeging[] = { "A", "B", "-1", "-2", "-3", " hs" };
	unsigned n = 1 + rng_below(&d->rng, 180);
	if (rng_pct(&d->rng, 15))
		snprintf(nr, sizeof nr, "%u%s", n, toevoeging[rng_below(&d->rng, COUNT(toevoeging))]);
	else
		snprintf(nr, sizeof nr, "%u", n);
	json_t *o = json_object();
	put_str(d, o, "straat", straten[rng_below(&d->rng, COUNT(straten))]);
	put_str(d, o, "huisnummer", nr);
	put_str(d, o, "postcode", pc);
	put_str(d, o, "plaats", plaats);
	put_str(d, o, "gemeente", def->gemeente);
	return o;
}

/* Adds a consent to arr when chance (percent) hits; registration is given with chance 100. */
static void consent(struct demo *d, json_t *arr, const char *doel, unsigned chance, const char *datum, const char *door)
{
	if (!rng_pct(&d->rng, chance))
		return;
	json_t *t = json_object();
	put_str(d, t, "doel", doel);
	put_str(d, t, "gegevenOp", datum);
	put_str(d, t, "gegevenDoor", door);
	push(d, arr, t);
}

/* What a text must fit: the age of the child it names, the number of children, a single parent, background. */
struct huis {
	int leeftijd;
	int kinderen;
	bool eenouder;
	bool thuistaal; /* a home language besides Dutch */
	bool moslim;
};

/* A random text of v (n entries) that fits h; the first entry, which fits every household, when none does. */
static const struct tekst *pick_tekst(struct demo *d, const struct tekst *v, size_t n, const struct huis *h)
{
	size_t fit[32], n_fit = 0;
	for (size_t i = 0; i < n && n_fit < COUNT(fit); i++)
		if (v[i].min_age <= h->leeftijd && h->leeftijd <= v[i].max_age && h->kinderen >= v[i].min_kinderen &&
		    (!v[i].eenouder || h->eenouder) && (v[i].wie != 'n' || h->thuistaal) && (v[i].wie != 'm' || h->moslim) &&
		    (v[i].wie != 'k' || !h->moslim))
			fit[n_fit++] = i;
	return n_fit ? &v[fit[rng_below(&d->rng, (unsigned)n_fit)]] : &v[0];
}

/* --- writing ----------------------------------------------------------------- */

/* The current version of gezin id, for the If-Match of the next change; 0 on error. */
static int64_t versie_of(struct demo *d, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT versie FROM gezinnen WHERE id = ?1");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

/*
 * Writes body as a new gezin (id 0) or as a change to gezin id, after the
 * same validation the API does. label names the gezin and what the step in
 * errors. Returns 0 (setting *out_id), or -1 with d->err set, naming the
 * gezin, the step and the problem document.
 */
static int write_gezin(struct demo *d, json_t *body, int64_t id, const char *label, const char *what, int64_t *out_id)
{
	if (d->build_failed || !body) {
		snprintf(d->err, d->errlen, "%s: cannot build its JSON body (out of memory?)", label);
		return -1;
	}
	json_t *problem = kp_json_validate(body, kp_gezin_spec, kp_gezin_spec_count, id != 0);
	int status = 400;
	if (!problem) {
		int64_t versie = id ? versie_of(d, id) : 0;
		if (id && !versie) {
			snprintf(d->err, d->errlen, "%s: cannot read its version: %s", label, kp_conn_errmsg(d->w));
			return -1;
		}
		struct kp_if_match im = kp_if_match_versie(versie);
		status = kp_gezin_write(d->w, &d->actor, id, id ? &im : NULL, body, d->today_s, out_id, &problem);
	}
	if (status == 0)
		return 0;
	char *text = problem ? json_dumps(problem, JSON_COMPACT) : NULL;
	snprintf(d->err, d->errlen, "%s: %s refused (HTTP %d): %s", label, what, status,
		 text ? text : kp_conn_errmsg(d->w));
	free(text);
	json_decref(problem);
	return -1;
}

/* Moves gezin id to status on datum (a PATCH body of just these two members). */
static int set_status(struct demo *d, int64_t id, const char *status, struct kp_date datum, const char *label)
{
	char ds[11];
	kp_date_format(datum, ds);
	json_t *body = json_pack("{s:s, s:s}", "status", status, "statusDatum", ds);
	char what[64];
	snprintf(what, sizeof what, "status %s on %s", status, ds);
	int64_t out = 0;
	int rc = write_gezin(d, body, id, label, what, &out);
	json_decref(body);
	return rc;
}

/* The referral of a vraaggezin: who registered it, with a contact person at that organisation. */
static json_t *aangemeld_door(struct demo *d, const struct area_def *def)
{
	unsigned total = 0;
	for (size_t i = 0; i < COUNT(verwijzers); i++)
		total += verwijzers[i].weight;
	unsigned x = rng_below(&d->rng, total);
	size_t v = 0;
	while (v + 1 < COUNT(verwijzers) && x >= verwijzers[v].weight)
		x -= verwijzers[v++].weight;
	json_t *o = json_object();
	put_str(d, o, "soort", verwijzers[v].code);
	if (verwijzers[v].org >= 0) {
		struct persoon c;
		make_adult(d, &c, &herkomsten[0], rng_pct(&d->rng, 75), NULL, 40);
		char mail[160], contact[340];
		email_for(d, &c, mail, sizeof mail);
		snprintf(contact, sizeof contact, "%s %s, %s", c.voornaam, c.achternaam, mail);
		put_str(d, o, "organisatie", def->organisaties[verwijzers[v].org]);
		put_str(d, o, "contact", contact);
	}
	return o;
}

/* Creates one vraaggezin with its question, then walks it through intake and the waiting list as planned. */
static int make_vraaggezin(struct demo *d, const struct plan *pl, unsigned nr)
{
	struct area *a = &d->areas[pl->area];
	const struct area_def *def = &area_defs[pl->area];
	const struct herkomst *h = pick_herkomst(d);
	struct persoon leden[MAX_ADULTS + MAX_KIDS];
	size_t n = 0;

	/* the household */
	unsigned r = rng_below(&d->rng, 100);
	const char *huishouden = r < 55 ? "eenouder" : r < 94 ? "tweeouder" : "anders";
	bool eenouder = strcmp(huishouden, "eenouder") == 0;
	int ouder;
	if (strcmp(huishouden, "anders") == 0) { /* a grandparent raising grandchildren */
		bool vrouw = rng_pct(&d->rng, 80);
		const char *achternaam = new_achternaam(d, h);
		make_adult(d, &leden[n++], h, vrouw, achternaam, rng_range(&d->rng, 54, 68));
		ouder = 38;
	} else {
		ouder = eenouder ? rng_range(&d->rng, 21, 47) : rng_range(&d->rng, 24, 49);
		bool vrouw = !eenouder || rng_pct(&d->rng, 85);
		const char *achternaam = new_achternaam(d, h);
		make_adult(d, &leden[n++], h, vrouw, achternaam, ouder);
		if (!eenouder) {
			int partner = ouder + rng_range(&d->rng, -3, 5);
			partner = partner < 21 ? 21 : partner;
			bool partner_vrouw = rng_pct(&d->rng, 8);
			const char *zelfde = rng_pct(&d->rng, 55) ? leden[0].achternaam : NULL;
			make_adult(d, &leden[n++], h, partner_vrouw, zelfde, partner);
			if (partner < ouder) /* the children's ages follow the younger parent */
				ouder = partner;
		}
	}
	unsigned k = rng_below(&d->rng, 100);
	int kinderen = k < 35 ? 1 : k < 70 ? 2 : k < 90 ? 3 : 4;
	if (!eenouder && strcmp(huishouden, "anders") == 0 && kinderen > 2)
		kinderen = 2;
	size_t first_kid = n;
	make_children(d, h, kinderen, ouder - 19, leden, &n);
	size_t n_kids = n - first_kid;

	/* the child the question is mostly about: a younger one when there is a choice */
	size_t hoofd = first_kid + rng_below(&d->rng, (unsigned)n_kids);
	if (leden[hoofd].leeftijd > 14)
		hoofd = n - 1;
	leden[hoofd].steun_voor = true;
	for (size_t i = first_kid; i < n; i++)
		if (i != hoofd && abs(leden[i].leeftijd - leden[hoofd].leeftijd) <= 2 && rng_pct(&d->rng, 35))
			leden[i].steun_voor = true;
	const char *kind = leden[hoofd].voornaam;
	bool moslim = h->taal && (strcmp(h->taal, "ar") == 0 || strcmp(h->taal, "tr") == 0);
	const struct huis ctx = { leden[hoofd].leeftijd, (int)n_kids, eenouder, h->taal != NULL, moslim };

	/* a question that fits this household */
	size_t fit[COUNT(vragen)] = { 0 }, n_fit = 0;
	for (size_t i = 0; i < COUNT(vragen); i++)
		if (vragen[i].min_age <= leden[hoofd].leeftijd && leden[hoofd].leeftijd <= vragen[i].max_age &&
		    (!vragen[i].eenouder || eenouder) && (int)n_kids >= vragen[i].min_kinderen &&
		    (!vragen[i].thuistaal || h->taal))
			fit[n_fit++] = i;
	const struct vraag_tmpl *t = &vragen[n_fit ? fit[rng_below(&d->rng, (unsigned)n_fit)] : 4];

	struct kp_date aangemeld = days_ago(d, pl->dagen);
	char aangemeld_s[11], naam[128], cap[64], buf[1200], buf2[600];
	kp_date_format(aangemeld, aangemeld_s);
	capitalised(leden[0].achternaam, cap, sizeof cap);
	snprintf(naam, sizeof naam, "Gezin %s", cap);

	json_t *g = json_object();
	put_str(d, g, "naam", naam);
	put_str(d, g, "rol", "vraaggezin");
	put_str(d, g, "status", "aangemeld");
	put_str(d, g, "statusDatum", aangemeld_s);
	put_str(d, g, "werkgebied", def->code);
	put(d, g, "coordinator", json_integer(a->coordinator));
	/* strengths first */
	const struct tekst *w1 = pick_tekst(d, wat_gaat_goed, COUNT(wat_gaat_goed), &ctx);
	const struct tekst *w2 = pick_tekst(d, wat_gaat_goed, COUNT(wat_gaat_goed), &ctx);
	subst(w1->t, kind, buf, sizeof buf);
	if (w2 != w1 && rng_pct(&d->rng, 70)) {
		size_t used = strlen(buf);
		snprintf(buf + used, sizeof buf - used, " %s", subst(w2->t, kind, buf2, sizeof buf2));
	}
	put_str(d, g, "watGaatGoed", buf);
	put_str(d, g, "netwerk", subst(pick_tekst(d, netwerk_teksten, COUNT(netwerk_teksten), &ctx)->t, kind, buf, sizeof buf));
	put_str(d, g, "huishouden", huishouden);
	put(d, g, "adres", adres_json(d, a, def));
	const char *const talen[2] = { "nl", h->taal };
	bool thuis_eerst = h->taal && rng_pct(&d->rng, 40);
	json_t *gt = json_array();
	push(d, gt, json_string(thuis_eerst ? h->taal : "nl"));
	if (h->taal)
		push(d, gt, json_string(thuis_eerst ? "nl" : h->taal));
	put(d, g, "talen", gt);
	json_t *door = aangemeld_door(d, def);
	const char *door_soort = json_string_value(json_object_get(door, "soort"));
	bool via_verwijzer = door_soort && strcmp(door_soort, "zelf") != 0;
	put(d, g, "aangemeldDoor", door);
	put_str(d, g, "aangemeldOp", aangemeld_s);
	put(d, g, "leden", leden_json(d, leden, n, false));

	/* the question in the family's own words */
	json_t *v = json_object();
	put_str(d, v, "tekst", subst(t->tekst, kind, buf, sizeof buf));
	bool chosen[32];
	size_t n_vormen = count_non_null(t->steunvormen, COUNT(t->steunvormen));
	put(d, v, "steunvormen", str_array(d, t->steunvormen, NULL, n_vormen));
	size_t n_dagdelen = count_non_null(t->dagdelen, COUNT(t->dagdelen));
	rng_subset(&d->rng, n_dagdelen, 1 + rng_below(&d->rng, (unsigned)(n_dagdelen < 3 ? n_dagdelen : 3)), chosen);
	put(d, v, "dagdelen", str_array(d, t->dagdelen, chosen, n_dagdelen));
	put_str(d, v, "frequentie", t->frequentie);
	json_t *wensen = json_object();
	put(d, wensen, "talen", str_array(d, talen, NULL, h->taal && rng_pct(&d->rng, 35) ? 2 : 1));
	bool levensbeschouwing = rng_pct(&d->rng, moslim ? 25 : 8); /* only when the family states the wish */
	if (levensbeschouwing)
		put_str(d, wensen, "levensbeschouwing", moslim ? "islamitisch" : "christelijk");
	put(d, wensen, "mannelijkRolmodel",
	    json_boolean(eenouder && leden[0].vrouw && rng_pct(&d->rng, 35)));
	put(d, wensen, "geenHuisdieren", json_boolean(!t->dieren && rng_pct(&d->rng, 12)));
	put(d, wensen, "nietRoken", json_boolean(rng_pct(&d->rng, 55)));
	if (levensbeschouwing && moslim && rng_pct(&d->rng, 50))
		put_str(d, wensen, "anders", "Het zou fijn zijn als het gezin rekening houdt met halal eten.");
	else if (rng_pct(&d->rng, 25))
		put_str(d, wensen, "anders",
			subst(pick_tekst(d, wensen_anders, COUNT(wensen_anders), &ctx)->t, kind, buf, sizeof buf));
	put(d, v, "wensen", wensen);
	json_t *hulp = json_object();
	unsigned fh = rng_below(&d->rng, 100);
	if (fh < 50) {
		put_str(d, hulp, "soort", "geen");
	} else if (fh < 90) {
		put_str(d, hulp, "soort", "vrijwillig");
		put_str(d, hulp, "tekst",
			subst(pick_tekst(d, hulp_vrijwillig, COUNT(hulp_vrijwillig), &ctx)->t, kind, buf, sizeof buf));
	} else {
		put_str(d, hulp, "soort", "gedwongen");
		put_str(d, hulp, "tekst", hulp_gedwongen[rng_below(&d->rng, COUNT(hulp_gedwongen))]);
	}
	put(d, v, "formeleHulp", hulp);
	put(d, g, "vraag", v);

	/* consents: registration always, others as the family chose */
	char door_naam[130];
	snprintf(door_naam, sizeof door_naam, "%s %s", leden[0].voornaam, leden[0].achternaam);
	json_t *ts = json_array();
	consent(d, ts, "registratie", 100, aangemeld_s, door_naam);
	consent(d, ts, "informatie-verwijzer", via_verwijzer ? 65 : 0, aangemeld_s, door_naam);
	consent(d, ts, "contactgegevens-delen", 40, aangemeld_s, door_naam);
	consent(d, ts, "anonieme-rapportage", 55, aangemeld_s, door_naam);
	put(d, g, "toestemmingen", ts);

	char label[200];
	snprintf(label, sizeof label, "gezin %u of %u (%s, vraaggezin)", nr, N_GEZINNEN, naam);
	int64_t id = 0;
	int rc = write_gezin(d, g, 0, label, "registration", &id);
	json_decref(g);
	if (rc != 0)
		return -1;

	/* intake after a week or two, then the waiting list; recent ones are still at the start */
	int doel = 0; /* 0 aangemeld, 1 intake, 2 wachtend */
	if (pl->dagen >= 30 && pl->dagen < 60)
		doel = rng_pct(&d->rng, 45) ? 1 : 2;
	else if (pl->dagen >= 60)
		doel = rng_pct(&d->rng, 8) ? 1 : 2;
	else if (pl->dagen >= 7)
		doel = rng_pct(&d->rng, 70) ? 1 : 0;
	struct kp_date intake = clamp_today(d, kp_date_add_days(aangemeld, rng_range(&d->rng, 4, 18)));
	if (doel >= 1 && set_status(d, id, "intake", intake, label) != 0)
		return -1;
	struct kp_date wachtend = clamp_today(d, kp_date_add_days(intake, rng_range(&d->rng, 10, 40)));
	if (doel == 2 && set_status(d, id, "wachtend", wachtend, label) != 0)
		return -1;
	d->vraag_status[doel]++;
	a->vraag++;
	return 0;
}

/*
 * Sets the VOG date of an adult of a supporting gezin: usually issued
 * during screening, sometimes earlier (other volunteer work). want is
 * VOG_GELDIG, or the problem to show (missing, expired, requested and not
 * issued yet); bijna: a valid one that runs out within a few months.
 * Returns what the adult ends up with.
 */
static enum vog_state vog_for(struct demo *d, struct persoon *p, struct kp_date aangemeld, enum vog_state want,
			      bool bijna)
{
	p->vog[0] = '\0';
	if (want == VOG_ONTBREEKT || want == VOG_AANGEVRAAGD)
		return want;
	struct kp_date v;
	if (want == VOG_VERLOPEN) {
		int maanden_oud = rng_range(&d->rng, 37, 50);
		v = kp_date_add_days(kp_date_add_months(d->today, -maanden_oud), -rng_range(&d->rng, 0, 27));
	} else if (bijna) {
		/* issued for other volunteer work nearly three years ago: it runs out within a few months */
		v = days_ago(d, rng_range(&d->rng, 1010, 1070));
	} else if (p->leeftijd >= 23 && rng_pct(&d->rng, 25)) {
		v = days_ago(d, rng_range(&d->rng, 60, 880));
	} else {
		v = kp_date_add_days(aangemeld, rng_range(&d->rng, 7, 40));
		if (kp_date_cmp(v, d->today) > 0)
			return VOG_AANGEVRAAGD;
	}
	kp_date_format(v, p->vog);
	return want;
}

/* Creates one supporting gezin with its offer, then walks it through screening (and availability) as planned. */
static int make_steungezin(struct demo *d, const struct plan *pl, unsigned nr)
{
	struct area *a = &d->areas[pl->area];
	const struct area_def *def = &area_defs[pl->area];
	const struct soort_def *s = &soorten[pl->soort];
	const struct herkomst *h = pick_herkomst(d);
	struct persoon leden[MAX_ADULTS + MAX_KIDS];
	size_t n = 0;
	bool paar, met_kinderen;
	int leeftijd;

	if (strcmp(s->rol, "steunmaatje") == 0) {
		paar = false;
		leeftijd = rng_pct(&d->rng, 40) ? rng_range(&d->rng, 20, 28) : rng_range(&d->rng, 30, 72);
		met_kinderen = false;
	} else if (strcmp(s->rol, "buddy") == 0) {
		paar = rng_pct(&d->rng, 20);
		leeftijd = rng_range(&d->rng, 26, 70);
		met_kinderen = false;
	} else if (strcmp(s->rol, "estafettegezin") == 0) {
		paar = rng_pct(&d->rng, 60);
		leeftijd = rng_range(&d->rng, 28, 48);
		met_kinderen = true;
	} else {
		paar = rng_pct(&d->rng, 75);
		leeftijd = rng_range(&d->rng, 30, 68);
		met_kinderen = leeftijd < 52;
	}
	bool vrouw = rng_pct(&d->rng, paar ? 50 : 75);
	make_adult(d, &leden[n++], h, vrouw, new_achternaam(d, h), leeftijd);
	int jongste = leeftijd;
	if (paar) {
		int partner = leeftijd + rng_range(&d->rng, -4, 4);
		partner = partner < 21 ? 21 : partner;
		bool partner_vrouw = rng_pct(&d->rng, 8) ? vrouw : !vrouw;
		const char *zelfde = rng_pct(&d->rng, 50) ? leden[0].achternaam : NULL;
		make_adult(d, &leden[n++], h, partner_vrouw, zelfde, partner);
		jongste = partner < jongste ? partner : jongste;
	}
	if (met_kinderen)
		make_children(d, h, rng_range(&d->rng, 1, 3), jongste - 22, leden, &n);
	size_t n_adults = paar ? 2 : 1;

	/* VOGs: one adult in about eight gezinnen has none, or an expired one */
	struct kp_date aangemeld = days_ago(d, pl->dagen);
	int problem_adult = pl->dagen >= 7 && rng_pct(&d->rng, 12) ? (int)rng_below(&d->rng, (unsigned)n_adults) : -1;
	enum vog_state problem = rng_pct(&d->rng, 50) ? VOG_ONTBREEKT : VOG_VERLOPEN;
	bool vog_ok = true;
	struct kp_date laatste_vog = aangemeld;
	for (size_t i = 0; i < n_adults; i++) {
		enum vog_state want = (int)i == problem_adult ? problem : VOG_GELDIG;
		if (want == VOG_VERLOPEN && leden[i].leeftijd < 25) /* no VOG from before they were 18 */
			want = VOG_ONTBREEKT;
		if (pl->dagen < 7) /* just registered: screening has not started */
			want = VOG_AANGEVRAAGD;
		/* in each werkgebied one supporter's VOG runs out soon: a reminder on the dashboard */
		bool bijna = want == VOG_GELDIG && !d->vog_bijna[pl->area] && leden[i].leeftijd >= 24;
		enum vog_state got = vog_for(d, &leden[i], aangemeld, want, bijna);
		d->vog_bijna[pl->area] |= bijna && got == VOG_GELDIG;
		d->vog[got]++;
		struct kp_date v;
		if (got == VOG_GELDIG && kp_date_parse(leden[i].vog, &v))
			laatste_vog = date_max(laatste_vog, v);
		else
			vog_ok = false;
	}

	char aangemeld_s[11], naam[256], cap[64], buf[1200];
	kp_date_format(aangemeld, aangemeld_s);
	capitalised(leden[0].achternaam, cap, sizeof cap);
	if (n == 1)
		snprintf(naam, sizeof naam, "%s %s", leden[0].voornaam, leden[0].achternaam);
	else if (n == 2 && strcmp(s->rol, "buddy") == 0)
		snprintf(naam, sizeof naam, "%s en %s %s", leden[0].voornaam, leden[1].voornaam, leden[0].achternaam);
	else
		snprintf(naam, sizeof naam, "Gezin %s", cap);

	json_t *g = json_object();
	put_str(d, g, "naam", naam);
	put_str(d, g, "rol", s->rol);
	put_str(d, g, "status", "aangemeld");
	put_str(d, g, "statusDatum", aangemeld_s);
	put_str(d, g, "werkgebied", def->code);
	put(d, g, "coordinator", json_integer(a->coordinator));
	if (met_kinderen) /* a household without children is neither form */
		put_str(d, g, "huishouden", paar ? "tweeouder" : "eenouder");
	put(d, g, "adres", adres_json(d, a, def));
	json_t *gt = json_array();
	push(d, gt, json_string("nl"));
	if (h->taal)
		push(d, gt, json_string(h->taal));
	if (rng_pct(&d->rng, 30))
		push(d, gt, json_string("en"));
	put(d, g, "talen", gt);
	put(d, g, "aangemeldDoor", json_pack("{s:s}", "soort", "zelf"));
	put_str(d, g, "aangemeldOp", aangemeld_s);
	put(d, g, "leden", leden_json(d, leden, n, true));

	/* the offer */
	json_t *o = json_object();
	bool chosen[32];
	size_t n_vormen = count_non_null(s->steunvormen, COUNT(s->steunvormen));
	rng_subset(&d->rng, n_vormen, (size_t)rng_range(&d->rng, 2, 5), chosen);
	bool logeren = false;
	for (size_t i = 0; i < n_vormen; i++)
		logeren |= chosen[i] && strcmp(s->steunvormen[i], "weekendopvang") == 0;
	put(d, o, "steunvormen", str_array(d, s->steunvormen, chosen, n_vormen));
	size_t n_dagdelen = count_non_null(s->dagdelen, COUNT(s->dagdelen));
	rng_subset(&d->rng, n_dagdelen, (size_t)rng_range(&d->rng, 2, 5), chosen);
	for (size_t i = 0; i < n_dagdelen; i++) /* logeren needs a night */
		if (logeren && strcmp(s->dagdelen[i], "za-nacht") == 0)
			chosen[i] = true;
	put(d, o, "dagdelen", str_array(d, s->dagdelen, chosen, n_dagdelen));
	static const char *const freq[] = { "wekelijks", "wekelijks", "tweewekelijks", "maandelijks" };
	put_str(d, o, "frequentie", freq[rng_below(&d->rng, COUNT(freq))]);
	/* a maatje or buddy, one person, often sees two families; a household usually takes one */
	bool een_persoon = strcmp(s->rol, "steunmaatje") == 0 || strcmp(s->rol, "buddy") == 0;
	put(d, o, "capaciteit", json_integer(rng_pct(&d->rng, een_persoon ? 40 : 80) ? 1 : 2));
	const int *range = s->leeftijden[rng_below(&d->rng, 4)];
	put(d, o, "leeftijdVan", json_integer(range[0]));
	put(d, o, "leeftijdTot", json_integer(range[1]));
	put(d, o, "maxAfstandKm", json_integer(rng_range(&d->rng, 5, 15)));
	put(d, o, "talen", json_deep_copy(gt));
	bool huisdieren = rng_pct(&d->rng, 35);
	put(d, o, "huisdieren", json_boolean(huisdieren));
	put(d, o, "rookt", json_boolean(rng_pct(&d->rng, 8)));
	bool estafette = strcmp(s->rol, "estafettegezin") == 0, buddy = strcmp(s->rol, "buddy") == 0;
	size_t n_themas = estafette ? (size_t)rng_range(&d->rng, 2, 3) : buddy && rng_pct(&d->rng, 60) ? 1 : 0;
	rng_subset(&d->rng, COUNT(ervaringsthemas), n_themas, chosen);
	for (size_t i = 0; estafette && !paar && i < COUNT(ervaringsthemas); i++) /* what a single parent went through */
		chosen[i] |= strcmp(ervaringsthemas[i], "alleenstaand ouderschap") == 0;
	put(d, o, "ervaringsthemas", str_array(d, ervaringsthemas, chosen, COUNT(ervaringsthemas)));
	put_str(d, o, "steunstijl", kp_steunstijlen_codes[rng_below(&d->rng, 3)]);
	rng_subset(&d->rng, COUNT(interesses), (size_t)rng_range(&d->rng, 2, 4), chosen);
	for (size_t i = 0; huisdieren && i < COUNT(interesses); i++)
		chosen[i] |= strcmp(interesses[i], "natuur en dieren") == 0;
	put(d, o, "interesses", str_array(d, interesses, chosen, COUNT(interesses)));
	const struct motivatie *mv[COUNT(s->motivaties)];
	size_t n_mv = 0;
	for (size_t i = 0; i < COUNT(s->motivaties) && s->motivaties[i].t; i++) {
		const struct motivatie *m = &s->motivaties[i];
		if (m->min_leeftijd <= leeftijd && leeftijd <= m->max_leeftijd &&
		    (m->kinderen == 0 || (m->kinderen > 0) == met_kinderen) && (!m->thuistaal || h->taal))
			mv[n_mv++] = m;
	}
	put_str(d, o, "motivatie", n_mv ? mv[rng_below(&d->rng, (unsigned)n_mv)]->t : s->motivaties[0].t);
	struct kp_date screening = clamp_today(d, kp_date_add_days(aangemeld, rng_range(&d->rng, 3, 14)));
	struct kp_date training = kp_date_add_days(screening, rng_range(&d->rng, 7, 21));
	if (pl->dagen >= 7 && kp_date_cmp(training, d->today) <= 0) {
		snprintf(buf, sizeof buf, "%s, gevolgd in %s %d.", s->training, maanden[training.m - 1], training.y);
		put_str(d, o, "training", buf);
	}
	put_str(d, o, "wervingsbron", wervingsbronnen[rng_below(&d->rng, COUNT(wervingsbronnen))]);
	put(d, g, "aanbod", o);

	char door_naam[130];
	snprintf(door_naam, sizeof door_naam, "%s %s", leden[0].voornaam, leden[0].achternaam);
	json_t *ts = json_array();
	consent(d, ts, "registratie", 100, aangemeld_s, door_naam);
	consent(d, ts, "contactgegevens-delen", 70, aangemeld_s, door_naam);
	consent(d, ts, "anonieme-rapportage", 50, aangemeld_s, door_naam);
	put(d, g, "toestemmingen", ts);

	char label[320];
	snprintf(label, sizeof label, "gezin %u of %u (%s, %s)", nr, N_GEZINNEN, naam, s->rol);
	int64_t id = 0;
	int rc = write_gezin(d, g, 0, label, "registration", &id);
	json_decref(g);
	if (rc != 0)
		return -1;

	/* screening within two weeks; available once every adult has a valid VOG, sometimes a pause later */
	int doel = 0; /* 0 aangemeld, 1 screening, 2 beschikbaar, 3 pauze */
	if (pl->dagen >= 7)
		doel = vog_ok && pl->dagen >= 30 && rng_pct(&d->rng, 90) ? 2 : 1;
	if (doel >= 1 && set_status(d, id, "screening", screening, label) != 0)
		return -1;
	struct kp_date beschikbaar =
		clamp_today(d, date_max(kp_date_add_days(screening, rng_range(&d->rng, 7, 30)), laatste_vog));
	if (doel == 2 && set_status(d, id, "beschikbaar", beschikbaar, label) != 0)
		return -1;
	struct kp_date pauze = kp_date_add_days(beschikbaar, rng_range(&d->rng, 20, 150));
	if (doel == 2 && rng_pct(&d->rng, 10) && kp_date_cmp(pauze, d->today) <= 0) {
		if (set_status(d, id, "pauze", pauze, label) != 0)
			return -1;
		doel = 3;
	}
	d->aanbod_status[doel]++;
	d->aanbod_soort[pl->soort]++;
	a->aanbod++;
	return 0;
}

/* --- koppelingen: a practice with history ------------------------------------------ */

/*
 * After the gezinnen the demo links some of them as a coordinator would,
 * through the same writes the API uses (koppeling_write.h: the same rules,
 * statuses, planned evaluations and audit entries): in every programme a
 * koppeling in each phase its course uses, koppelingen that ended (afgerond,
 * or gestopt with a reason), evaluations held on their dates and one left
 * te laat, spread over the past year so the quarterly reports of earlier
 * quarters have content. Each koppeling is built inside a savepoint: when a
 * pair cannot get where it should (the course has no such phase, a rule
 * refuses the pair), it is undone and the next pair is tried.
 */

/* A koppeling to make: the phase it ends in, how long ago it was proposed (at most) and a stop reason. */
struct doel {
	enum kp_fase fase;
	int dagen;
	const char *reden; /* for gestopt */
};

/*
 * The longest histories first, so the gezinnen known longest get them: the
 * koppelingen that ended in an earlier quarter, then the one under way
 * longest, showing evaluations held over months.
 */
static const struct doel doelen[] = {
	{ KP_FASE_AFRONDING, 330, NULL }, { KP_FASE_GESTOPT, 240, NULL },    { KP_FASE_LOPEND, 240, NULL },
	{ KP_FASE_CONTRACT, 120, NULL }, { KP_FASE_PROEFPERIODE, 60, NULL }, { KP_FASE_KENNISMAKING, 25, NULL },
	{ KP_FASE_VOORSTEL, 8, NULL },
};

/* Stop reasons the demo uses (none that sends the supporter to pauze), with an explanation for "anders". */
static const char *const demo_stopredenen[] = { "geen-klik", "steunstijl-past-niet", "vraaggezin-wil-stoppen",
						"steungezin-verhuisd", "professionele-hulp-nodig" };

/* What a coordinator writes down after an evaluation that went well, or less well. */
static const char *const evaluatie_notities[] = {
	"Het gaat goed; de kinderen kijken uit naar de middagen.",
	"Afspraken over halen en brengen iets aangepast; verder loopt het soepel.",
	"Beide gezinnen zijn tevreden. Volgende keer de doelen opnieuw bekijken.",
	"Even zoeken in het begin, nu een vast ritme gevonden.",
};

/* Runs one SAVEPOINT, RELEASE or ROLLBACK TO statement on the write connection; 0 or -1 with d->err set. */
static int savepoint(struct demo *d, const char *sql)
{
	if (sqlite3_exec(kp_conn_handle(d->w), sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	snprintf(d->err, d->errlen, "%s failed: %s", sql, kp_conn_errmsg(d->w));
	return -1;
}

/* Undoes everything since SAVEPOINT name and ends it; 0 or -1. */
static int undo(struct demo *d, const char *name)
{
	char sql[80];
	snprintf(sql, sizeof sql, "ROLLBACK TO %s", name);
	if (savepoint(d, sql) != 0)
		return -1;
	snprintf(sql, sizeof sql, "RELEASE %s", name);
	return savepoint(d, sql);
}

/* The current version of koppeling id, for the If-Match of the next change; 0 on error. */
static int64_t koppeling_versie(struct demo *d, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT versie FROM koppelingen WHERE id = ?1");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

/*
 * Records as held the open evaluations of koppeling k that were planned on
 * or before upto (with soort: only those of that kind, whenever planned),
 * each on op when given, else on its planned date, with a short report,
 * as the coordinator logs them (api_evaluaties.c): the report, a new
 * version of the koppeling and an audit entry "vastleggen". 0 or -1.
 */
static int hold_evaluations(struct demo *d, int64_t k, struct kp_date upto, const char *soort, const char *op)
{
	char upto_s[11];
	kp_date_format(upto, upto_s);
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT id, gepland_op FROM evaluaties WHERE koppeling_id = ?1 AND "
					      "gehouden_op IS NULL AND vervallen = 0 AND (?2 IS NULL AND gepland_op <= ?3 "
					      "OR soort = ?2) ORDER BY gepland_op, id LIMIT 32");
	if (!st)
		goto fout;
	int64_t ids[32];
	char datums[32][11];
	size_t n = 0;
	sqlite3_bind_int64(st, 1, k);
	if (soort)
		sqlite3_bind_text(st, 2, soort, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, upto_s, -1, SQLITE_TRANSIENT);
	int rc;
	while (n < 32 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(datums[n], sizeof datums[n], "%s", (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		const char *wanneer = op ? op : datums[i];
		int tevreden_v = rng_range(&d->rng, 6, 9), tevreden_s = rng_range(&d->rng, 6, 9);
		json_t *verslag = json_pack("{s:[sss], s:i, s:i, s:s, s:s, s:s}", "deelnemers", "vraaggezin", "steungezin",
					    "coordinator", "tevredenheidVraaggezin", tevreden_v, "tevredenheidSteungezin",
					    tevreden_s, "doorgaan", "doorgaan", "verloop", rng_pct(&d->rng, 80) ? "soepel" : "hick-ups",
					    "notities", evaluatie_notities[rng_below(&d->rng, COUNT(evaluatie_notities))]);
		char *text = verslag ? json_dumps(verslag, JSON_COMPACT) : NULL;
		json_decref(verslag);
		st = text ? kp_conn_stmt(d->w, "UPDATE evaluaties SET gehouden_op = ?2, verslag = ?3, gebruikersnaam = ?4 "
					       "WHERE id = ?1 AND gehouden_op IS NULL")
			  : NULL;
		rc = SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, ids[i]);
			sqlite3_bind_text(st, 2, wanneer, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, d->actor.gebruikersnaam, -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_reset(st);
		}
		free(text);
		if (rc == SQLITE_OK)
			rc = kp_koppeling_touch(d->w, k);
		if (rc == SQLITE_OK) {
			char oid[24];
			snprintf(oid, sizeof oid, "%" PRId64, ids[i]);
			struct kp_audit_entry e = { .gebruiker_id = d->actor.gebruiker_id, .gebruikersnaam = d->actor.gebruikersnaam,
						    .actie = "vastleggen", .object_soort = "evaluatie", .object_id = oid,
						    .client = "cli" };
			rc = kp_audit_append(d->w, &e);
		}
		if (rc != SQLITE_OK)
			goto fout;
		d->gehouden++;
	}
	return 0;
fout:
	snprintf(d->err, d->errlen, "koppeling %" PRId64 ": cannot record its evaluations: %s", k, kp_conn_errmsg(d->w));
	return -1;
}

/* The agreements of a koppeling about to sign them, in the words a coordinator writes down. */
static int afspraken(struct demo *d, int64_t k)
{
	static const char *const dagen[] = { "Woensdagmiddag, van 13.00 tot 17.00 uur", "Zaterdagochtend, van 9.30 tot 12.30 uur",
					     "Om het weekend van vrijdag tot zaterdag" };
	json_t *body = json_pack("{s:s, s:s, s:s, s:[s]}", "frequentie", "Elke week, in de schoolvakanties in overleg",
				 "dagEnTijd", dagen[rng_below(&d->rng, COUNT(dagen))], "halenBrengen",
				 "Het steungezin haalt uit school; de ouder haalt op.", "doelen",
				 "Het kind heeft een vaste plek om te spelen en de ouder tijd voor zichzelf.");
	struct kp_if_match im = kp_if_match_versie(koppeling_versie(d, k));
	struct kp_koppeling_uitkomst u;
	memset(&u, 0, sizeof u);
	int status = body ? kp_koppeling_afspraken(d->w, &d->actor, k, &im, body, &u) : 503;
	json_decref(body);
	if (status == 0)
		return 0;
	snprintf(d->err, d->errlen, "koppeling %" PRId64 ": agreements refused (HTTP %d): %s", k, status, u.reden);
	return -1;
}

/*
 * Moves koppeling k to naar on datum, holding first the evaluations due by
 * then (and, before lopend, the trial evaluation; before contract, the
 * agreements). Without both families' consent to share contact details
 * the kennismaking goes on with the audited override a coordinator gives.
 * Returns 0 when moved, 1 when refused (the course has no such move or a
 * rule says no; nothing written), -1 on a database error (d->err set).
 */
static int move(struct demo *d, int64_t k, enum kp_fase naar, struct kp_date datum, const char *reden)
{
	char ds[11];
	kp_date_format(datum, ds);
	for (int poging = 0; poging < 2; poging++) {
		if (savepoint(d, "SAVEPOINT demo_stap") != 0)
			return -1;
		int rc = hold_evaluations(d, k, datum, NULL, NULL);
		if (rc == 0 && naar == KP_FASE_LOPEND)
			rc = hold_evaluations(d, k, datum, "evaluatie-proefperiode", ds);
		if (rc == 0 && naar == KP_FASE_CONTRACT)
			rc = afspraken(d, k);
		if (rc != 0)
			return -1;
		struct kp_overgang o = {
			.naar = naar,
			.datum = ds,
			.reden = reden,
			.contract_getekend_op = naar == KP_FASE_CONTRACT ? ds : NULL,
			.override_reden = poging ? "Beide gezinnen gaven mondeling toestemming; het formulier volgt." : NULL,
		};
		struct kp_if_match im = kp_if_match_versie(koppeling_versie(d, k));
		struct kp_koppeling_uitkomst u;
		memset(&u, 0, sizeof u);
		int status = kp_koppeling_overgang(d->w, &d->actor, k, &im, &o, d->today_s, &u);
		if (status == 0)
			return savepoint(d, "RELEASE demo_stap");
		if (undo(d, "demo_stap") != 0)
			return -1;
		if (status == 503 || status == 412) {
			snprintf(d->err, d->errlen, "koppeling %" PRId64 ": move to %s failed (HTTP %d): %s", k,
				 kp_fase_name(naar), status, kp_conn_errmsg(d->w));
			return -1;
		}
		if (!u.toestemming.geweigerd)
			return 1;
	}
	return 1;
}

/* The children of vraaggezin v the support is for, into ids; how many. */
static size_t kinderen_van(struct demo *d, int64_t v, int64_t ids[MAX_KIDS])
{
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT id FROM leden WHERE gezin_id = ?1 AND soort = 'kind' AND steun_voor = 1 "
					      "ORDER BY volgorde");
	size_t n = 0;
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, v);
	while (n < MAX_KIDS && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/*
 * Builds one koppeling of programme pid between v and s, proposed span
 * days ago, that ends in the phase g asks for, walking the course in equal
 * steps up to the last one; then holds what was due. Returns 0 when built,
 * 1 when this pair cannot get there (everything undone), -1 on a database
 * error.
 */
static int build(struct demo *d, int64_t pid, int64_t coordinator, int64_t v, int64_t s, const struct doel *g, int span)
{
	static const enum kp_fase pad[] = { KP_FASE_KENNISMAKING, KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, KP_FASE_LOPEND };
	enum kp_fase stappen[6];
	size_t n = 0;
	if (g->fase != KP_FASE_VOORSTEL) {
		enum kp_fase tot = g->fase == KP_FASE_AFRONDING ? KP_FASE_LOPEND
				   : g->fase == KP_FASE_GESTOPT ? KP_FASE_PROEFPERIODE
								: g->fase;
		for (size_t i = 0; i < COUNT(pad) && pad[i] <= tot; i++)
			stappen[n++] = pad[i];
		if (g->fase == KP_FASE_AFRONDING || g->fase == KP_FASE_GESTOPT)
			stappen[n++] = g->fase;
	}
	if (savepoint(d, "SAVEPOINT demo_koppeling") != 0)
		return -1;
	int64_t kinderen[MAX_KIDS];
	size_t n_kinderen = kinderen_van(d, v, kinderen);
	struct kp_date datum = days_ago(d, span);
	char start[11];
	kp_date_format(datum, start);
	struct kp_voorstel vs = { .vraaggezin = v, .steungezinnen = { s }, .n_steungezinnen = 1, .programma = pid,
				  .kinderen = kinderen, .n_kinderen = n_kinderen, .datum = start,
				  .coordinator_gegeven = coordinator != 0, .coordinator = coordinator };
	struct kp_koppeling_uitkomst u;
	memset(&u, 0, sizeof u);
	int64_t k = 0;
	int status = kp_koppeling_voorstellen(d->w, &d->actor, &vs, d->today_s, &k, &u);
	if (status == 503) {
		snprintf(d->err, d->errlen, "cannot propose a koppeling: %s", kp_conn_errmsg(d->w));
		return -1;
	}
	if (status != 0)
		return undo(d, "demo_koppeling") == 0 ? 1 : -1;
	/* a koppeling under way reaches its phase lately; one that ended did so halfway, in an earlier quarter */
	bool einde = g->fase == KP_FASE_AFRONDING || g->fase == KP_FASE_GESTOPT;
	int gap = span / (int)(einde ? 2 * n : n + 1);
	const char *reden = demo_stopredenen[rng_below(&d->rng, COUNT(demo_stopredenen))];
	for (size_t i = 0; i < n; i++) {
		datum = clamp_today(d, kp_date_add_days(datum, gap > 0 ? rng_range(&d->rng, gap * 3 / 4, gap) : 0));
		int rc = move(d, k, stappen[i], datum, stappen[i] == KP_FASE_GESTOPT ? reden : NULL);
		if (rc < 0)
			return -1;
		if (rc == 1 && i + 1 == n) /* the phase this koppeling was meant for is not in its course */
			return undo(d, "demo_koppeling") == 0 ? 1 : -1;
	}
	/* what was due is held */
	if (hold_evaluations(d, k, kp_date_add_days(d->today, -1), NULL, NULL) != 0)
		return -1;
	if (savepoint(d, "RELEASE demo_koppeling") != 0)
		return -1;
	d->koppelingen[g->fase]++;
	return 0;
}

/*
 * Up to max ids of gezinnen in werkgebied area that may take part now,
 * each with the days since its latest status change, longest first:
 * vraaggezinnen not ended and without a koppeling under way; supporters
 * beschikbaar in one of the roles (a JSON array) of the programme, those in
 * its first role first (so a programme open to more roles leaves the
 * others to the programmes that need them).
 */
static size_t kandidaten(struct demo *d, int64_t area, const char *rollen, int64_t ids[], int dagen[], size_t max)
{
	sqlite3_stmt *st = kp_conn_stmt(d->w,
		"SELECT g.id, CAST(julianday(?3) - julianday((SELECT max(datum) FROM gezin_statussen WHERE gezin_id = g.id)) "
		"AS INTEGER) AS rust FROM gezinnen g WHERE g.werkgebied_id = ?1 AND (?2 IS NULL AND g.rol = 'vraaggezin' "
		"AND g.status NOT IN ('afgerond', 'gestopt') AND NOT EXISTS (SELECT 1 FROM koppelingen k WHERE "
		"k.vraaggezin_id = g.id AND k.fase NOT IN ('afronding', 'gestopt')) OR ?2 IS NOT NULL AND "
		"g.status = 'beschikbaar' AND g.rol IN (SELECT value FROM json_each(?2))) "
		"ORDER BY g.rol = json_extract(?2, '$[0]') DESC, rust DESC, g.id");
	size_t n = 0;
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, area);
	if (rollen)
		sqlite3_bind_text(st, 2, rollen, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, d->today_s, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		dagen[n] = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 1);
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/*
 * One koppeling of programme pid as g asks, in werkgebied area or else the
 * other: tries the pairs whose history is longest first. Returns 0 (made
 * or no pair could), -1 on a database error.
 */
static int koppeling_voor(struct demo *d, int64_t pid, const char *rollen, size_t area, const struct doel *g)
{
	for (size_t t = 0; t < N_AREAS; t++) {
		const struct area *a = &d->areas[(area + t) % N_AREAS];
		int64_t vids[N_VRAAG], sids[N_AANBOD];
		int vdagen[N_VRAAG], sdagen[N_AANBOD];
		size_t nv = kandidaten(d, a->id, NULL, vids, vdagen, N_VRAAG);
		size_t ns = kandidaten(d, a->id, rollen, sids, sdagen, N_AANBOD);
		for (size_t i = 0; i < nv && i < 12; i++)
			for (size_t j = 0; j < ns && j < 12; j++) {
				int rust = vdagen[i] < sdagen[j] ? vdagen[i] : sdagen[j];
				int span = rust < g->dagen ? rust : g->dagen;
				int rc = build(d, pid, a->coordinator, vids[i], sids[j], g, span < 0 ? 0 : span);
				if (rc <= 0)
					return rc;
			}
	}
	d->niet_gelukt++;
	return 0;
}

/* An open zorgsignaal in the logboek of a vraaggezin with a koppeling under way in werkgebied a. */
static int zorgsignaal(struct demo *d, const struct area *a, const char *door)
{
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT k.vraaggezin_id FROM koppelingen k JOIN gezinnen g ON g.id = k.vraaggezin_id "
					      "WHERE g.werkgebied_id = ?1 AND k.fase IN ('proefperiode', 'contract', 'lopend') "
					      "ORDER BY k.id LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a->id);
	int64_t gezin = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!gezin)
		return 0;
	char datum[11], now[32];
	kp_date_format(days_ago(d, rng_range(&d->rng, 2, 6)), datum);
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(d->w, "INSERT INTO logboek(gezin_id, datum, soort, tekst, gebruiker_id, gebruikersnaam, aangemaakt_op) "
				"VALUES (?1, ?2, 'zorgsignaal', ?3, ?4, ?5, ?6)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, gezin);
	sqlite3_bind_text(st, 2, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3,
			  "Het steungezin vertelt dat de oudste de laatste weken stil is en slecht slaapt. Besproken met de "
			  "ouder; de ouder wil graag praten met het wijkteam.",
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->coordinator);
	sqlite3_bind_text(st, 5, door, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	int64_t entry = sqlite3_last_insert_rowid(kp_conn_handle(d->w));
	char oid[24], details[96];
	snprintf(oid, sizeof oid, "%" PRId64, entry);
	snprintf(details, sizeof details, "{\"gezin\":%" PRId64 ",\"soort\":\"zorgsignaal\"}", gezin);
	struct kp_audit_entry e = { .gebruiker_id = a->coordinator, .gebruikersnaam = door, .actie = "aanmaken",
				    .object_soort = "logboek", .object_id = oid, .client = "cli", .details = details };
	if (kp_audit_append(d->w, &e) != SQLITE_OK)
		return -1;
	d->zorgsignalen++;
	return 0;
}

/*
 * A conversation the coordinator of werkgebied a planned by hand a week or
 * so ago on a koppeling under way at least a month, and never logged: it
 * is te laat, as it would be through the API (api_evaluaties.c: the row,
 * a new version of the koppeling, an audit entry "plannen"). 0 or -1.
 */
static int te_laat(struct demo *d, const struct area *a, const char *door)
{
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT k.id FROM koppelingen k WHERE k.werkgebied_id = ?1 AND k.fase IN "
					      "('kennismaking', 'proefperiode', 'contract', 'lopend') AND "
					      "k.koppeling_datum <= date(?2, '-30 days') ORDER BY k.koppeling_datum, k.id LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, d->today_s, -1, SQLITE_STATIC);
	int64_t k = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!k)
		return 0;
	char datum[11];
	kp_date_format(days_ago(d, rng_range(&d->rng, 5, 12)), datum);
	st = kp_conn_stmt(d->w, "INSERT INTO evaluaties(koppeling_id, soort, gepland_op, gebruikersnaam) "
				"VALUES (?1, 'voortgangsgesprek', ?2, ?3)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, k);
	sqlite3_bind_text(st, 2, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, door, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	sqlite3_reset(st);
	int64_t eid = sqlite3_last_insert_rowid(kp_conn_handle(d->w));
	if (rc == SQLITE_OK)
		rc = kp_koppeling_touch(d->w, k);
	if (rc == SQLITE_OK) {
		char oid[24];
		snprintf(oid, sizeof oid, "%" PRId64, eid);
		struct kp_audit_entry e = { .gebruiker_id = a->coordinator, .gebruikersnaam = door, .actie = "plannen",
					    .object_soort = "evaluatie", .object_id = oid, .client = "cli" };
		rc = kp_audit_append(d->w, &e);
	}
	if (rc != SQLITE_OK)
		return -1;
	d->te_laat++;
	return 0;
}

/* Every programme, every koppeling of doelen, alternating the werkgebieden; then what is te laat and the zorgsignalen. */
static int make_koppelingen(struct demo *d)
{
	int64_t pids[16];
	char rollen[16][256];
	size_t n = 0;
	sqlite3_stmt *st = kp_conn_stmt(d->w, "SELECT id, rollen FROM programmas ORDER BY id");
	if (!st) {
		snprintf(d->err, d->errlen, "cannot read the programmes: %s", kp_conn_errmsg(d->w));
		return -1;
	}
	while (n < COUNT(pids) && sqlite3_step(st) == SQLITE_ROW) {
		pids[n] = sqlite3_column_int64(st, 0);
		snprintf(rollen[n], sizeof rollen[n], "%s", (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	/* each programme's koppelingen alternate between the werkgebieden, phase by phase */
	for (size_t g = 0; g < COUNT(doelen); g++)
		for (size_t p = 0; p < n; p++)
			if (koppeling_voor(d, pids[p], rollen[p], (g + p) % N_AREAS, &doelen[g]) != 0)
				return -1;
	for (size_t i = 0; i < N_AREAS; i++) {
		if (te_laat(d, &d->areas[i], area_defs[i].coordinator) != 0) {
			snprintf(d->err, d->errlen, "cannot plan an evaluation: %s", kp_conn_errmsg(d->w));
			return -1;
		}
		if (zorgsignaal(d, &d->areas[i], area_defs[i].coordinator) != 0) {
			snprintf(d->err, d->errlen, "cannot write a zorgsignaal: %s", kp_conn_errmsg(d->w));
			return -1;
		}
	}
	return 0;
}

/* Orders plans by registration date, oldest first, so ids follow the order of registration. */
static int plan_cmp(const void *pa, const void *pb)
{
	const struct plan *a = pa, *b = pb;
	if (a->dagen != b->dagen)
		return a->dagen > b->dagen ? -1 : 1;
	return a->volgorde < b->volgorde ? -1 : a->volgorde > b->volgorde;
}

/* --- organisation: werkgebieden and users ------------------------------------------ */

static int count_gezinnen(struct kp_conn *c, int64_t *n)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT count(*) FROM gezinnen");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int audit(struct demo *d, const char *soort, int64_t id, const char *details)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%" PRId64, id);
	struct kp_audit_entry e = { .gebruikersnaam = "koppel demo", .actie = "aanmaken", .object_soort = soort,
				    .object_id = oid, .client = "cli", .details = details };
	return kp_audit_append(d->w, &e) == SQLITE_OK ? 0 : -1;
}

/*
 * The gemeenten each werkgebied lists (schema 0019): its own, where its
 * families live, and a neighbour it also covers. NULL-terminated.
 */
static const char *const area_gemeenten[N_AREAS][3] = { { "Zaanstad", "Oostzaan", NULL }, { "Purmerend", NULL, NULL } };

/*
 * This year's doelen of the demo organisation: three gemeenten, by
 * families reached and by koppelingen (maximum 0: none).
 */
static const struct {
	const char *gemeente, *eenheid;
	int minimum, maximum;
} demo_doelen[] = {
	{ "Zaanstad", "gezinnen", 20, 24 },
	{ "Purmerend", "gezinnen", 30, 0 },
	{ "Zaanstad", "koppelingen", 28, 0 },
	{ "Oostzaan", "gezinnen", 3, 5 },
};

/* Writes demo_doelen for the current year, each audited. 0 or -1 (d->err set). */
static int make_doelen(struct demo *d)
{
	char now[32];
	kp_format_time(kp_now(), now);
	for (size_t i = 0; i < sizeof demo_doelen / sizeof demo_doelen[0]; i++) {
		sqlite3_stmt *st = kp_conn_stmt(d->w, "INSERT INTO doelen(jaar, gemeente, eenheid, minimum, maximum, aangemaakt_op, "
						      "gewijzigd_op) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?6)");
		if (!st || sqlite3_bind_int(st, 1, d->today.y) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, demo_doelen[i].gemeente, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 3, demo_doelen[i].eenheid, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int(st, 4, demo_doelen[i].minimum) != SQLITE_OK ||
		    sqlite3_bind_int(st, 5, demo_doelen[i].maximum) != SQLITE_OK ||
		    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE ||
		    audit(d, "doel", sqlite3_last_insert_rowid(kp_conn_handle(d->w)), NULL) != 0) {
			snprintf(d->err, d->errlen, "cannot add the doelen: %s", kp_conn_errmsg(d->w));
			if (st)
				sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	return 0;
}

/*
 * Inserts the werkgebied of def and loads its PC4 areas (codes ending in 0
 * are often PO-box ranges and are left out when the place has others).
 */
static int make_area(struct demo *d, size_t i, const char *csv)
{
	const struct area_def *def = &area_defs[i];
	struct area *a = &d->areas[i];
	enum kp_gebruiker_error e = kp_werkgebied_insert(d->w, def->code, def->naam, &a->id);
	if (e != KP_GB_OK) {
		snprintf(d->err, d->errlen, e == KP_GB_NAME_TAKEN ? "werkgebied %s already exists; the demo needs an empty database"
								 : "cannot add werkgebied %s",
			 def->code);
		return -1;
	}
	if (audit(d, "werkgebied", a->id, NULL) != 0) {
		snprintf(d->err, d->errlen, "cannot write the audit log");
		return -1;
	}
	/* the demo organisation offers every programme in each of its werkgebieden */
	sqlite3_stmt *st = kp_conn_stmt(d->w, "INSERT INTO werkgebied_programmas(werkgebied_id, programma_id) SELECT ?1, id FROM programmas");
	if (!st || sqlite3_bind_int64(st, 1, a->id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		snprintf(d->err, d->errlen, "cannot offer the programmes in werkgebied %s: %s", def->code, kp_conn_errmsg(d->w));
		return -1;
	}
	sqlite3_reset(st);
	for (const char *const *g = area_gemeenten[i]; *g; g++) {
		st = kp_conn_stmt(d->w, "INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) VALUES (?1, ?2)");
		if (!st || sqlite3_bind_int64(st, 1, a->id) != SQLITE_OK || sqlite3_bind_text(st, 2, *g, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE) {
			snprintf(d->err, d->errlen, "cannot list the gemeenten of werkgebied %s: %s", def->code, kp_conn_errmsg(d->w));
			return -1;
		}
		sqlite3_reset(st);
	}
	st = kp_conn_stmt(d->w, "SELECT pc4, plaats FROM postcodes p WHERE plaats = ?1 AND pc4 BETWEEN ?2 AND ?3 "
					      "AND (pc4 % 10 != 0 OR NOT EXISTS (SELECT 1 FROM postcodes q WHERE "
					      "q.plaats = p.plaats AND q.pc4 BETWEEN ?2 AND ?3 AND q.pc4 % 10 != 0)) ORDER BY pc4");
	if (!st) {
		snprintf(d->err, d->errlen, "cannot read the postcode areas: %s", kp_conn_errmsg(d->w));
		return -1;
	}
	for (const char *const *pl = def->plaatsen; *pl; pl++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, *pl, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, def->pc4_lo);
		sqlite3_bind_int(st, 3, def->pc4_hi);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->n_pc4 < MAX_PC4) {
			a->pc4[a->n_pc4] = sqlite3_column_int(st, 0);
			snprintf(a->plaats[a->n_pc4], sizeof a->plaats[0], "%s", (const char *)sqlite3_column_text(st, 1));
			a->n_pc4++;
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			snprintf(d->err, d->errlen, "cannot read the postcode areas: %s", kp_conn_errmsg(d->w));
			return -1;
		}
	}
	sqlite3_reset(st);
	if (a->n_pc4 == 0) {
		snprintf(d->err, d->errlen, "%s has no postcode areas of %s (%d-%d); is it the Dutch PC4 table?", csv,
			 def->naam, def->pc4_lo, def->pc4_hi);
		return -1;
	}
	return 0;
}

struct demo_user {
	const char *naam, *volledig;
	enum kp_role rol;
	int area; /* -1: none */
	char hash[KP_PASSWORD_HASH_MAX];
};

static int make_user(struct demo *d, const struct demo_user *u, int64_t *id)
{
	json_t *codes = NULL;
	if (u->area >= 0) {
		codes = json_pack("[s]", area_defs[u->area].code);
		if (!codes) {
			snprintf(d->err, d->errlen, "out of memory");
			return -1;
		}
	}
	const char *bad = NULL;
	enum kp_gebruiker_error e = kp_gebruiker_insert(d->w, u->naam, u->volledig, u->rol, u->hash, codes, id, &bad);
	json_decref(codes);
	if (e != KP_GB_OK) {
		snprintf(d->err, d->errlen,
			 e == KP_GB_NAME_TAKEN ? "user %s already exists; the demo needs an empty database" : "cannot add user %s",
			 u->naam);
		return -1;
	}
	char details[64];
	snprintf(details, sizeof details, "{\"rol\":\"%s\"}", kp_role_name(u->rol));
	if (audit(d, "gebruiker", *id, details) != 0) {
		snprintf(d->err, d->errlen, "cannot write the audit log");
		return -1;
	}
	return 0;
}

/* Everything inside the write transaction: organisation, users, gezinnen. */
static int fill(struct demo *d, struct demo_user *users, size_t n_users, const char *csv)
{
	int64_t existing = 0;
	if (count_gezinnen(d->w, &existing) != 0) {
		snprintf(d->err, d->errlen, "cannot read the database: %s", kp_conn_errmsg(d->w));
		return -1;
	}
	if (existing > 0) {
		snprintf(d->err, d->errlen, "the database already holds %" PRId64 " gezinnen; the demo only fills an empty one",
			 existing);
		return -1;
	}
	for (size_t i = 0; i < N_AREAS; i++)
		if (make_area(d, i, csv) != 0)
			return -1;
	if (make_doelen(d) != 0)
		return -1;
	for (size_t i = 0; i < n_users; i++) {
		int64_t id = 0;
		if (make_user(d, &users[i], &id) != 0)
			return -1;
		if (users[i].rol == KP_ROLE_BEHEERDER)
			d->actor.gebruiker_id = id;
		else if (users[i].area >= 0)
			d->areas[users[i].area].coordinator = id;
	}

	/*
	 * who registered when: spread over the past year, supporters in each
	 * werkgebied and of each kind, dealt in proportion to the kinds'
	 * weights (smooth weighted round robin per werkgebied), so every
	 * programme finds supporters of its roles
	 */
	struct plan plans[N_GEZINNEN];
	int total = 0;
	for (size_t i = 0; i < COUNT(soorten); i++)
		total += (int)soorten[i].weight;
	int beurt[N_AREAS][COUNT(soorten)];
	memset(beurt, 0, sizeof beurt);
	for (unsigned i = 0; i < N_GEZINNEN; i++) {
		struct plan *p = &plans[i];
		p->vraag = i < N_VRAAG;
		unsigned j = p->vraag ? i : i - N_VRAAG;
		p->area = j < (p->vraag ? 23u : 22u) ? 0 : 1;
		/* a quarter in the last month, so there is something new to pick up */
		p->dagen = rng_pct(&d->rng, 25) ? rng_range(&d->rng, 1, 30) : rng_range(&d->rng, 31, 365);
		p->volgorde = i;
		p->soort = 0;
		if (!p->vraag) {
			int *b = beurt[p->area];
			for (size_t s = 0; s < COUNT(soorten); s++) {
				b[s] += (int)soorten[s].weight;
				if (b[s] > b[p->soort])
					p->soort = (int)s;
			}
			b[p->soort] -= total;
		}
	}
	qsort(plans, N_GEZINNEN, sizeof plans[0], plan_cmp);
	for (unsigned i = 0; i < N_GEZINNEN; i++) {
		int rc = plans[i].vraag ? make_vraaggezin(d, &plans[i], i + 1) : make_steungezin(d, &plans[i], i + 1);
		if (rc != 0)
			return -1;
	}
	return make_koppelingen(d);
}

static void summary(const struct demo *d, FILE *out, unsigned seed, const struct kp_postcodes_result *pc,
		    const struct demo_user *users, size_t n_users)
{
	fprintf(out, "Demo organisation created (seed %u), all data fictional:\n", seed);
	fprintf(out, "  postcode areas   %zu imported\n", pc->rows);
	for (size_t i = 0; i < N_AREAS; i++)
		fprintf(out, "  werkgebied %-9s %s: %zu PC4 areas, %u vraaggezinnen, %u supporting gezinnen\n",
			area_defs[i].code, area_defs[i].naam, d->areas[i].n_pc4, d->areas[i].vraag, d->areas[i].aanbod);
	fprintf(out, "  vraaggezinnen    %u: %u aangemeld, %u intake, %u wachtend\n", N_VRAAG, d->vraag_status[0],
		d->vraag_status[1], d->vraag_status[2]);
	fprintf(out, "  supporting       %u:", N_AANBOD);
	for (size_t i = 0; i < COUNT(soorten); i++)
		fprintf(out, "%s %u %s", i ? "," : "", d->aanbod_soort[i], soorten[i].rol);
	fprintf(out, "\n                   %u aangemeld, %u screening, %u beschikbaar, %u pauze\n", d->aanbod_status[0],
		d->aanbod_status[1], d->aanbod_status[2], d->aanbod_status[3]);
	fprintf(out, "  VOG of adults    %u valid, %u requested, %u missing, %u expired\n", d->vog[VOG_GELDIG],
		d->vog[VOG_AANGEVRAAGD], d->vog[VOG_ONTBREEKT], d->vog[VOG_VERLOPEN]);
	fprintf(out, "  koppelingen     ");
	for (int f = 0; f < KP_FASE_COUNT; f++)
		fprintf(out, "%s %u %s", f ? "," : "", d->koppelingen[f], kp_fase_name((enum kp_fase)f));
	fprintf(out, "\n                   %u evaluations held, %u te laat, %u zorgsignalen open", d->gehouden, d->te_laat,
		d->zorgsignalen);
	if (d->niet_gelukt)
		fprintf(out, ", %u koppelingen not in a course or without a pair", d->niet_gelukt);
	fprintf(out, "\n");
	fprintf(out, "\nDEMO LOGINS - for trying Koppel out only; never use them with real families:\n");
	for (size_t i = 0; i < n_users; i++)
		fprintf(out, "  %-16s %-12s %s%s%s%s\n", users[i].naam, kp_role_name(users[i].rol), users[i].volledig,
			users[i].area >= 0 ? " (" : "", users[i].area >= 0 ? area_defs[users[i].area].code : "",
			users[i].area >= 0 ? ")" : "");
	fprintf(out, "  password of each: %s\n", KP_DEMO_WACHTWOORD);
}

int kp_demo_fill(struct kp_db *db, const char *pc4_csv, unsigned seed, FILE *out, char *err, size_t errlen)
{
	struct demo_user users[] = {
		{ .naam = "beheer", .volledig = "Marloes Verbeek", .rol = KP_ROLE_BEHEERDER, .area = -1 },
		{ .naam = "coord-zaanstad", .volledig = "Fleur Hoogendijk", .rol = KP_ROLE_COORDINATOR, .area = 0 },
		{ .naam = "coord-purmerend", .volledig = "Ruben Kaptein", .rol = KP_ROLE_COORDINATOR, .area = 1 },
	};

	/* never into a database with real gezinnen: check before anything is imported */
	struct kp_conn *c = kp_db_read_begin(db);
	int64_t existing = 0;
	int rc = c ? count_gezinnen(c, &existing) : -1;
	if (c)
		kp_db_read_end(db, c);
	if (rc != 0) {
		snprintf(err, errlen, "cannot read the database");
		return -1;
	}
	if (existing > 0) {
		snprintf(err, errlen, "the database already holds %" PRId64 " gezinnen; the demo only fills an empty one",
			 existing);
		return -1;
	}

	/* hashes first: slow work outside the write transaction */
	for (size_t i = 0; i < COUNT(users); i++) {
		const char *why = kp_password_policy(users[i].naam, KP_DEMO_WACHTWOORD);
		if (why) {
			snprintf(err, errlen, "demo password refused for %s: %s", users[i].naam, why);
			return -1;
		}
		if (kp_password_hash(KP_DEMO_WACHTWOORD, users[i].hash) != 0) {
			snprintf(err, errlen, "cannot hash the demo password (out of memory)");
			return -1;
		}
	}

	struct kp_postcodes_result pc;
	if (kp_postcodes_import(db, pc4_csv, stderr, &pc, err, errlen) != 0)
		return -1;

	struct demo *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rng_seed(&d->rng, seed);
	kp_today(d->today_s);
	if (!kp_date_parse(d->today_s, &d->today)) {
		snprintf(err, errlen, "cannot tell today's date");
		free(d);
		return -1;
	}
	d->actor = (struct kp_actor){ .gebruikersnaam = "beheer", .client = "cli", .principal = NULL };
	d->err = err;
	d->errlen = errlen;
	d->w = kp_db_write_begin(db);
	if (!d->w) {
		snprintf(err, errlen, "cannot write the database (busy?)");
		free(d);
		return -1;
	}
	if (fill(d, users, COUNT(users), pc4_csv) != 0 || kp_demo_effecten(d->w, &d->actor, d->today_s, err, errlen) != 0) {
		kp_db_write_rollback(db, d->w);
		free(d);
		return -1;
	}
	if (kp_db_write_commit(db, d->w) != SQLITE_OK) {
		snprintf(err, errlen, "cannot commit the demo data");
		free(d);
		return -1;
	}
	if (out)
		summary(d, out, seed, &pc, users, COUNT(users));
	free(d);
	return 0;
}

/* --- a new database, built beside its final name ------------------------------- */

/* True when name (or, with suffix, name followed by suffix) exists; lstat's other errors count as existing. */
static bool path_taken(const char *name, const char *suffix)
{
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%s%s", name, suffix);
	if (n < 0 || (size_t)n >= sizeof buf)
		return true;
	struct stat sb;
	return lstat(buf, &sb) == 0 || errno != ENOENT;
}

/* Removes the temporary database and any WAL, shared-memory or journal file SQLite left beside it. */
static void remove_temp(const char *tmp)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
	char buf[4096];
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		int n = snprintf(buf, sizeof buf, "%s%s", tmp, suffixes[i]);
		if (n > 0 && (size_t)n < sizeof buf)
			unlink(buf);
	}
	unlink(tmp);
}

/* fsyncs the file or directory at path. Returns 0 or -1 with errno set. */
static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * Moves tmp to path without ever replacing a file at path: a hard link
 * (which fails when path exists) and then the unlink of tmp; where the file
 * system has no hard links, a rename after one more look. Returns 0, or -1
 * with a message in err (tmp is then still there).
 */
static int move_into_place(const char *tmp, const char *path, char *err, size_t errlen)
{
	if (link(tmp, path) == 0) {
		if (unlink(tmp) != 0) {
			snprintf(err, errlen, "cannot remove %s after linking it to %s: %s", tmp, path, strerror(errno));
			unlink(path);
			return -1;
		}
		return 0;
	}
	if (errno == EEXIST) {
		snprintf(err, errlen, "%s appeared while the demo was built; it is left as it is", path);
		return -1;
	}
	if (path_taken(path, "")) {
		snprintf(err, errlen, "%s appeared while the demo was built; it is left as it is", path);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The directory part of path ("." when it has none), in buf. Returns buf or NULL when it does not fit. */
static const char *dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	int n = slash == NULL ? snprintf(buf, len, ".")
		: slash == path ? snprintf(buf, len, "/")
				: snprintf(buf, len, "%.*s", (int)(slash - path), path);
	return n > 0 && (size_t)n < len ? buf : NULL;
}

int kp_demo_create(const char *path, const struct kp_db_options *opt, const char *pc4_csv, unsigned seed, FILE *out,
		   char *err, size_t errlen)
{
	static const char *const beside[] = { "", "-wal", "-journal" };
	for (size_t i = 0; i < COUNT(beside); i++) {
		if (path_taken(path, beside[i])) {
			snprintf(err, errlen,
				 "%s%s already exists: the demo makes a new database and never touches an existing one "
				 "(move %s and any -wal or -shm file beside it away, or choose another --db)",
				 path, beside[i], path);
			return -1;
		}
	}
	char dir[4096];
	if (!dir_of(path, dir, sizeof dir)) {
		snprintf(err, errlen, "database path too long: %s", path);
		return -1;
	}

	size_t tlen = strlen(path) + sizeof ".demo-XXXXXX";
	char *tmp = malloc(tlen);
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(tmp, tlen, "%s.demo-XXXXXX", path);
	int fd = mkstemp(tmp); /* mode 0600, like every Koppel database */
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);

	/* the summary is printed only once the database is in place */
	char *summary_text = NULL;
	size_t summary_len = 0;
	FILE *summary_out = open_memstream(&summary_text, &summary_len);
	int rc = -1;
	struct kp_db *db = NULL;
	int from, to;
	if (!summary_out) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (kp_db_migrate(tmp, opt, &from, &to, err, errlen) != 0)
		goto done;
	if (kp_db_open(&db, tmp, opt, err, errlen) != 0)
		goto done;
	if (kp_demo_fill(db, pc4_csv, seed, summary_out, err, errlen) != 0)
		goto done;
	kp_db_close(db); /* checkpoints: everything is in the main file now */
	db = NULL;
	if (path_taken(tmp, "-wal")) {
		snprintf(err, errlen, "%s-wal is still there after closing the demo database", tmp);
		goto done;
	}
	if (sync_path(tmp, O_RDONLY) != 0) {
		snprintf(err, errlen, "cannot flush %s to disk: %s", tmp, strerror(errno));
		goto done;
	}
	if (move_into_place(tmp, path, err, errlen) != 0)
		goto done;
	if (sync_path(dir, O_RDONLY | O_DIRECTORY) != 0) {
		/* the database is in place; only its directory entry may not be on disk yet */
		fprintf(stderr, "koppel: warning: cannot flush directory %s: %s\n", dir, strerror(errno));
	}
	rc = 0;
done:
	if (db)
		kp_db_close(db);
	if (summary_out && fclose(summary_out) == 0 && rc == 0 && out && summary_text)
		fputs(summary_text, out);
	free(summary_text);
	remove_temp(tmp); /* after a failure all of it; after the move only a stray -shm can be left */
	free(tmp);
	return rc;
}

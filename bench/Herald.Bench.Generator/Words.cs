namespace Herald.Bench.Generator;

// Fixed vocabularies. Order matters: the generator draws early entries more often
// (a skewed, Zipf-like frequency, as in real text), and a change here changes every site.
internal static class Words
{
    public static readonly string[] Common =
    [
        "the", "of", "and", "to", "in", "a", "that", "for", "on", "was", "said", "with", "by", "it", "is", "at", "as", "from",
        "his", "her", "their", "he", "she", "they", "have", "has", "had", "be", "were", "would", "will", "not", "but", "an",
        "after", "which", "who", "this", "more", "than", "about", "been", "also", "its", "last", "new", "two", "year", "first",
        "government", "city", "council", "minister", "people", "police", "week", "years", "over", "there", "when", "could",
        "into", "some", "other", "before", "one", "three", "most", "them", "what", "all", "should", "while", "against",
        "since", "under", "between", "plan", "state", "told", "public", "report", "officials", "local", "party", "vote",
        "month", "during", "until", "because", "members", "water", "money", "percent", "further", "million", "agreement",
        "talks", "budget", "election", "court", "region", "country", "national", "school", "hospital", "company", "workers",
        "prices", "energy", "river", "border", "support", "decision", "question", "result", "future", "changes", "service",
        "according", "statement", "meeting", "several", "second", "across", "without", "already", "still", "however", "both",
        "spokesperson", "committee", "proposal", "figures", "residents", "district", "project", "costs", "thousand", "morning",
        "evening", "yesterday", "today", "tomorrow", "night", "day", "days", "hours", "weeks", "months", "time", "end", "start",
        "open", "closed", "early", "late", "long", "short", "high", "low", "small", "large", "major", "few", "many", "much",
        "recent", "previous", "next", "final", "full", "half", "whole", "key", "main", "central", "northern", "southern",
        "eastern", "western", "regional", "federal", "economic", "political", "social", "financial", "legal", "military",
        "medical", "scientific", "cultural", "industrial", "rural", "urban", "coastal", "international", "foreign", "domestic",
        "opposition", "coalition", "mayor", "president", "chancellor", "director", "chairman", "chairwoman", "judge",
        "lawyers", "doctors", "teachers", "farmers", "students", "researchers", "scientists", "experts", "analysts", "voters",
        "fans", "players", "coach", "team", "match", "season", "league", "club", "goal", "win", "defeat", "title", "record",
        "museum", "festival", "concert", "exhibition", "theatre", "book", "film", "artists", "audience", "music", "prize",
        "study", "data", "survey", "research", "results", "evidence", "samples", "climate", "weather", "storm", "flood",
        "drought", "heat", "rain", "snow", "temperatures", "emissions", "forest", "lake", "coast", "harbour", "bridge",
        "railway", "trains", "buses", "tram", "road", "traffic", "airport", "flights", "ferry", "port", "housing", "rents",
        "homes", "buildings", "construction", "land", "farm", "harvest", "food", "supply", "shortage", "exports", "imports",
        "trade", "tariffs", "market", "shares", "investors", "bank", "interest", "rates", "inflation", "growth", "jobs",
        "unemployment", "wages", "strike", "union", "pensions", "taxes", "spending", "debt", "deficit", "reform", "law",
        "bill", "parliament", "ministry", "agency", "authority", "inquiry", "investigation", "charges", "trial", "verdict",
        "appeal", "protest", "demonstrators", "crowd", "rally", "campaign", "candidates", "polls", "ballots", "turnout",
        "treaty", "negotiations", "delegation", "summit", "sanctions", "ceasefire", "troops", "security", "crisis", "risk",
        "warning", "concerns", "criticism", "response", "pressure", "demands", "offer", "deal", "compromise", "talks",
        "announced", "confirmed", "denied", "rejected", "approved", "expected", "planned", "called", "warned", "agreed",
        "argued", "insisted", "admitted", "promised", "estimated", "reported", "added", "stressed", "described", "explained",
        "expects", "wants", "needs", "says", "hopes", "fears", "plans", "faces", "remains", "continues", "begins", "ends",
        "rise", "fall", "increase", "decrease", "cut", "raise", "reduce", "build", "close", "open", "move", "return", "leave",
        "arrive", "meet", "discuss", "decide", "consider", "review", "launch", "delay", "cancel", "extend", "replace",
        "carefully", "quickly", "slowly", "sharply", "slightly", "largely", "nearly", "almost", "only", "even", "again",
        "away", "back", "down", "up", "out", "off", "here", "now", "then", "soon", "later", "once", "twice", "instead",
    ];

    public static readonly string[] Places =
    [
        "Lindenfeld", "Aldmark", "Serevia", "Osterwick", "Marrow", "Kessling", "Brandhagen", "Veltrup", "Norrby", "Talmont",
        "Grauwald", "Essling", "Harrowgate", "Moorbeck", "Sundhaven", "Carrick", "Dunmere", "Felsbach", "Ravensholm",
        "Weldon", "Ostrava Nova", "Valmora", "Kirnau", "Stellbrook", "Pellham", "Arvika", "Lennart Bay", "Eskerfield",
        "Hollin", "Quarrendon", "Belmont Ridge", "Thornwick", "Saltmere", "Greyhaven", "Ashcombe", "Drumlow", "Fenwick",
        "Galloway Cross", "Innisford", "Jarrow Point", "Kelderby", "Lowmoor", "Mirefield", "Northam", "Orrin", "Pendle",
        "Rookhurst", "Stanmore Vale", "Tarrant", "Upwell", "Varnholm", "Whitlow", "Yarrowby", "Zeldt", "Brackwater",
        "Coldharbour", "Elmstead", "Foxley", "Glenridding", "Hawkshead",
    ];

    public static readonly string[] FirstNames =
    [
        "Ana", "Jonas", "Mira", "Ruben", "Irina", "Henrik", "Oskar", "Lena", "Tomas", "Sofia", "Elias", "Marta", "Pavel",
        "Clara", "David", "Nora", "Felix", "Ida", "Karim", "Leila", "Omar", "Greta", "Jan", "Helena", "Piotr", "Agnes",
        "Samuel", "Yara", "Viktor", "Esther", "Lukas", "Maren", "Amir", "Rosa", "Niklas", "Hanna", "Emil", "Zofia",
        "Anton", "Carla",
    ];

    public static readonly string[] LastNames =
    [
        "Kessler", "Veldt", "Lenz", "Osei", "Dascal", "Solvang", "Brandt", "Brenner", "Pell", "Marran", "Holm", "Novak",
        "Reyes", "Okafor", "Lindqvist", "Moreau", "Haddad", "Fischer", "Kowalski", "Bauer", "Santos", "Ivanova", "Berg",
        "Nakamura", "Weiss", "Costa", "Dahl", "Hartmann", "Petrov", "Vogel", "Ruiz", "Jensen", "Keller", "Lund", "Meyer",
        "Nilsen", "Ortega", "Quist", "Strand", "Toivonen",
    ];

    public static readonly string[] Topics =
    [
        "Elections", "Housing", "Climate", "Public transport", "Energy prices", "Health care", "Schools", "Universities",
        "Budget", "Taxes", "Pensions", "Migration", "Diplomacy", "Defence", "Trade", "Farming", "Fisheries", "Water supply",
        "Floods", "Drought", "Wildfires", "Storms", "Courts", "Police", "Corruption", "Press freedom", "Football", "Cycling",
        "Athletics", "Tennis", "Sailing", "Ice hockey", "Music", "Film", "Literature", "Theatre", "Museums", "Architecture",
        "Space", "Archaeology", "Medicine", "Vaccines", "Artificial intelligence", "Cyber security", "Data protection",
        "Startups", "Banking", "Inflation", "Labour market", "Strikes", "Tourism", "Aviation", "Railways", "Roads",
        "Shipping", "Ports", "Forests", "Wildlife", "Oceans", "Air quality", "Recycling", "Wind power", "Solar power",
        "Nuclear power", "Coal", "Hydrogen", "Public broadcasting", "Local government", "Parliament", "Coalition talks",
        "Human rights", "Refugees", "Protests", "Anniversaries", "Obituaries", "Royal family", "Weather", "Science policy",
        "Research funding", "Child care", "Elderly care", "Mental health", "Sport policy",
    ];

    public static readonly string[] Roles =
    [
        "Foreign minister", "Mayor", "Opposition leader", "Spokesperson for the ministry", "Head of the union",
        "Chief economist", "Professor of hydrology", "Coach", "Team captain", "Festival director", "Police spokesperson",
        "Resident", "Council member", "Lead researcher", "Chief executive", "Committee chair", "Emergency doctor",
        "Farmer", "Teacher", "Judge",
    ];

    public static readonly string[] Programmes = ["Herald 24", "Evening News", "Morning Report", "Herald Radio", "The Week"];

    public static readonly string[] Agencies = ["dpa", "AP", "Reuters", "AFP", "Herald"];
}

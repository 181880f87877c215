// Imports libespeak-ng's speak_lib API (synthesis with phoneme and word events) into Swift.
#pragma once
#include <espeak-ng/speak_lib.h>

/** Registers the parameter types of the step vocabulary (steps/parameter-types.ts) with cucumber. */
import { defineParameterType } from '@cucumber/cucumber';
import { PARAMETER_TYPES } from './parameter-types.ts';

for (const { name, regexp, transformer, useForSnippets } of PARAMETER_TYPES)
  defineParameterType({ name, regexp, transformer, useForSnippets });

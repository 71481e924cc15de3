/** Registers the parameter types of the step vocabulary (steps/parameter-types.ts) with cucumber. */
import { defineParameterType } from '@cucumber/cucumber';
import { PARAMETER_TYPES } from './parameter-types.ts';

for (const type of PARAMETER_TYPES) defineParameterType(type);

import { adapterContract } from './adapter-contract.js';
import { slackDriver } from './slack-driver.js';

adapterContract(slackDriver('socket'));
